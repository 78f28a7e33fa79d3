/**
 * The structural half of CRD validation: the OpenAPI value constraints of the (already pruned and
 * defaulted, see `defaulting.ts`) object. CEL rules live in `celRules.ts`.
 */
import { checkStringFormat } from './formats';
import {
  FieldError,
  childPath,
  fieldError,
  indexPath,
  keyPath,
} from './fieldErrors';
import { compileRe2 } from './re2';
import {
  JsonSchemaProps,
  additionalSchema,
  isPlainObject,
} from './schemaTypes';

/** The JSON type name of a value, as OpenAPI and the API server's messages name them. */
export function jsonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number')
    return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'object') return 'object';
  return typeof value; // string, boolean
}

/** Whether a (non-null) value has the schema's declared type; schemas without a type accept anything. */
export function hasSchemaType(
  schema: JsonSchemaProps,
  value: unknown,
): boolean {
  if (schema['x-kubernetes-int-or-string']) {
    return (
      typeof value === 'string' ||
      (typeof value === 'number' && Number.isInteger(value))
    );
  }
  switch (schema.type) {
    case undefined:
      return true;
    case 'object':
      return isPlainObject(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    default:
      return typeof value === schema.type;
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null
  )
    return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every(key => deepEqual((a as any)[key], (b as any)[key]));
}

/** Unicode code points, which is what `maxLength` counts in Kubernetes. */
function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/** Validates a value against the schema's OpenAPI constraints, appending to `errors`. */
export function validateStructure(
  schema: JsonSchemaProps,
  value: unknown,
  path: string,
  errors: FieldError[],
): void {
  if (value === null || value === undefined) {
    if (
      !schema.nullable &&
      (schema.type || schema['x-kubernetes-int-or-string'])
    ) {
      errors.push(
        fieldError.typeInvalid(
          path,
          'null',
          `must be of type ${expectedTypeName(schema)}: "null"`,
        ),
      );
    }
    return;
  }
  if (!hasSchemaType(schema, value)) {
    const actual = jsonTypeName(value);
    errors.push(
      fieldError.typeInvalid(
        path,
        actual,
        `must be of type ${expectedTypeName(schema)}: ${JSON.stringify(
          actual,
        )}`,
      ),
    );
    return;
  }
  if (schema.enum && !schema.enum.some(allowed => deepEqual(allowed, value))) {
    errors.push(fieldError.notSupported(path, value, schema.enum));
  }
  if (typeof value === 'string') validateString(schema, value, path, errors);
  else if (typeof value === 'number')
    validateNumber(schema, value, path, errors);
  else if (Array.isArray(value)) validateArray(schema, value, path, errors);
  else if (isPlainObject(value)) validateObject(schema, value, path, errors);
  validateCombinators(schema, value, path, errors);
}

function expectedTypeName(schema: JsonSchemaProps): string {
  return schema['x-kubernetes-int-or-string']
    ? 'integer,string'
    : schema.type ?? 'any';
}

function validateString(
  schema: JsonSchemaProps,
  value: string,
  path: string,
  errors: FieldError[],
) {
  if (
    schema.maxLength !== undefined &&
    codePointLength(value) > schema.maxLength
  ) {
    errors.push(fieldError.tooLong(path, schema.maxLength));
  }
  if (
    schema.minLength !== undefined &&
    codePointLength(value) < schema.minLength
  ) {
    errors.push(
      fieldError.invalid(
        path,
        value,
        `should be at least ${schema.minLength} chars long`,
      ),
    );
  }
  if (schema.pattern !== undefined && !compileRe2(schema.pattern).test(value)) {
    errors.push(
      fieldError.invalid(path, value, `should match '${schema.pattern}'`),
    );
  }
  if (
    schema.format !== undefined &&
    checkStringFormat(schema.format, value) === false
  ) {
    errors.push(
      fieldError.typeInvalid(
        path,
        value,
        `must be of type ${schema.format}: ${JSON.stringify(value)}`,
      ),
    );
  }
}

function validateNumber(
  schema: JsonSchemaProps,
  value: number,
  path: string,
  errors: FieldError[],
) {
  if (schema.maximum !== undefined) {
    if (
      schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum
    ) {
      const relation = schema.exclusiveMaximum
        ? 'less than'
        : 'less than or equal to';
      errors.push(
        fieldError.invalid(
          path,
          value,
          `should be ${relation} ${schema.maximum}`,
        ),
      );
    }
  }
  if (schema.minimum !== undefined) {
    if (
      schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum
    ) {
      const relation = schema.exclusiveMinimum
        ? 'greater than'
        : 'greater than or equal to';
      errors.push(
        fieldError.invalid(
          path,
          value,
          `should be ${relation} ${schema.minimum}`,
        ),
      );
    }
  }
  if (schema.multipleOf !== undefined && schema.multipleOf > 0) {
    const quotient = value / schema.multipleOf;
    if (Math.abs(quotient - Math.round(quotient)) > 1e-9) {
      errors.push(
        fieldError.invalid(
          path,
          value,
          `should be a multiple of ${schema.multipleOf}`,
        ),
      );
    }
  }
}

function validateArray(
  schema: JsonSchemaProps,
  value: unknown[],
  path: string,
  errors: FieldError[],
) {
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    errors.push(fieldError.tooMany(path, value.length, schema.maxItems));
  }
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    errors.push(
      fieldError.invalid(
        path,
        value,
        `should have at least ${schema.minItems} items`,
      ),
    );
  }
  if (schema.items) {
    value.forEach((item, i) =>
      validateStructure(schema.items!, item, indexPath(path, i), errors),
    );
  }
  validateListType(schema, value, path, errors);
}

/** `x-kubernetes-list-type: set|map` uniqueness, reported like the API server (`Duplicate value`). */
function validateListType(
  schema: JsonSchemaProps,
  value: unknown[],
  path: string,
  errors: FieldError[],
) {
  const listType = schema['x-kubernetes-list-type'];
  const seen = new Set<string>();
  if (listType === 'set' || (schema.uniqueItems && listType !== 'map')) {
    value.forEach((item, i) => {
      const key = JSON.stringify(item);
      if (seen.has(key))
        errors.push(fieldError.duplicate(indexPath(path, i), item));
      seen.add(key);
    });
  } else if (listType === 'map') {
    const keys = schema['x-kubernetes-list-map-keys'] ?? [];
    value.forEach((item, i) => {
      if (!isPlainObject(item)) return;
      const keyValues: Record<string, unknown> = {};
      for (const key of keys)
        if (item[key] !== undefined) keyValues[key] = item[key];
      const key = JSON.stringify(keys.map(k => item[k] ?? null));
      if (seen.has(key))
        errors.push(fieldError.duplicate(indexPath(path, i), keyValues));
      seen.add(key);
    });
  }
}

function validateObject(
  schema: JsonSchemaProps,
  value: Record<string, unknown>,
  path: string,
  errors: FieldError[],
) {
  for (const name of schema.required ?? []) {
    if (value[name] === undefined)
      errors.push(fieldError.required(childPath(path, name)));
  }
  const count = Object.keys(value).length;
  if (schema.maxProperties !== undefined && count > schema.maxProperties) {
    errors.push(fieldError.tooMany(path, count, schema.maxProperties));
  }
  if (schema.minProperties !== undefined && count < schema.minProperties) {
    errors.push(
      fieldError.invalid(
        path,
        value,
        `should have at least ${schema.minProperties} properties`,
      ),
    );
  }
  const additional = additionalSchema(schema);
  for (const [key, child] of Object.entries(value)) {
    const propertySchema = schema.properties?.[key];
    if (propertySchema) {
      if (child !== undefined)
        validateStructure(propertySchema, child, childPath(path, key), errors);
    } else if (additional) {
      validateStructure(additional, child, keyPath(path, key), errors);
    }
  }
}

/** allOf / anyOf / oneOf / not: value validations, reported like go-openapi does. */
function validateCombinators(
  schema: JsonSchemaProps,
  value: unknown,
  path: string,
  errors: FieldError[],
) {
  const check = (subSchema: JsonSchemaProps) => {
    const subErrors: FieldError[] = [];
    validateStructure(subSchema, value, path, subErrors);
    return subErrors;
  };
  // Like go-openapi, report the failed alternative that matched most (here: most valid properties).
  const propertyPasses = (
    propertySchema: JsonSchemaProps,
    propertyValue: unknown,
  ) => {
    const subErrors: FieldError[] = [];
    validateStructure(propertySchema, propertyValue, path, subErrors);
    return subErrors.length === 0;
  };
  const matchScore = (subSchema: JsonSchemaProps) =>
    Object.entries(subSchema.properties ?? {}).filter(
      ([key, propertySchema]) =>
        isPlainObject(value) &&
        value[key] !== undefined &&
        propertyPasses(propertySchema, value[key]),
    ).length;
  const bestFailure = (
    alternatives: JsonSchemaProps[],
    results: FieldError[][],
  ) => {
    let best = 0;
    let bestScore = -1;
    results.forEach((result, i) => {
      const score = matchScore(alternatives[i]);
      if (result.length > 0 && score > bestScore) {
        best = i;
        bestScore = score;
      }
    });
    return results[best] ?? [];
  };
  for (const subSchema of schema.allOf ?? []) errors.push(...check(subSchema));
  if (schema.anyOf) {
    const results = schema.anyOf.map(check);
    if (!results.some(result => result.length === 0)) {
      errors.push(
        fieldError.invalid(
          path,
          value,
          'must validate at least one schema (anyOf)',
        ),
      );
      errors.push(...bestFailure(schema.anyOf, results));
    }
  }
  if (schema.oneOf) {
    const results = schema.oneOf.map(check);
    const valid = results.filter(result => result.length === 0).length;
    if (valid === 0) {
      errors.push(
        fieldError.invalid(
          path,
          value,
          'must validate one and only one schema (oneOf). Found none valid',
        ),
      );
      errors.push(...bestFailure(schema.oneOf, results));
    } else if (valid > 1) {
      errors.push(
        fieldError.invalid(
          path,
          value,
          `must validate one and only one schema (oneOf). Found ${valid} valid alternatives`,
        ),
      );
    }
  }
  if (schema.not && check(schema.not).length === 0) {
    errors.push(
      fieldError.invalid(path, value, 'must not validate the schema (not)'),
    );
  }
}
