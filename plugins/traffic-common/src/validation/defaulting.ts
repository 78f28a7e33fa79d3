/**
 * What the API server does to a custom resource before validating it: prune fields the schema
 * does not know (unless x-kubernetes-preserve-unknown-fields), drop nulls of non-nullable fields,
 * and apply schema defaults.
 */
import { childPath, indexPath, keyPath } from './fieldErrors';
import {
  JsonSchemaProps,
  additionalSchema,
  isPlainObject,
} from './schemaTypes';

function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function preservesUnknown(schema: JsonSchemaProps): boolean {
  return schema['x-kubernetes-preserve-unknown-fields'] === true;
}

/**
 * Prunes fields the schema does not know (recording their paths), drops `null` for non-nullable
 * fields and applies `default`s, in place, recursively (defaults inside defaults included).
 */
export function pruneAndDefault(
  schema: JsonSchemaProps,
  value: unknown,
  path: string,
  pruned: string[],
): void {
  if (Array.isArray(value)) {
    if (schema.items)
      value.forEach((item, i) =>
        pruneAndDefault(schema.items!, item, indexPath(path, i), pruned),
      );
    return;
  }
  if (!isPlainObject(value)) return;
  const properties = schema.properties;
  const additional = additionalSchema(schema);
  for (const key of Object.keys(value)) {
    const propertySchema = properties?.[key];
    if (propertySchema) continue;
    if (additional) {
      pruneAndDefault(additional, value[key], keyPath(path, key), pruned);
    } else if (
      !preservesUnknown(schema) &&
      (properties || schema.type === 'object')
    ) {
      pruned.push(childPath(path, key));
      delete value[key];
    }
  }
  if (!properties) return;
  for (const [key, propertySchema] of Object.entries(properties)) {
    if (value[key] === null && !propertySchema.nullable) delete value[key];
    if (value[key] === undefined && propertySchema.default !== undefined) {
      value[key] = cloneJson(propertySchema.default);
    }
    if (value[key] !== undefined)
      pruneAndDefault(propertySchema, value[key], childPath(path, key), pruned);
  }
}
