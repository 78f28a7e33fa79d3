/**
 * Evaluates `x-kubernetes-validations` the way the API server does: each rule is attached to the
 * schema node that declares it, `self` is that node's value (only when present), transition rules
 * (`oldSelf`) run only on update when an old value correlates, and failures become field errors
 * honouring `message`, `messageExpression`, `reason` and `fieldPath`.
 */
import type { ParseResult } from '@marcbachmann/cel-js';
import {
  FieldError,
  childPath,
  fieldError,
  indexPath,
  keyPath,
} from './fieldErrors';
import { adaptExpression, kubeCelEnvironment } from './celLibrary';
import { JsonSchemaProps, ValidationRule, isPlainObject } from './schemaTypes';

export interface CompiledRule {
  rule: ValidationRule;
  program: ParseResult;
  messageProgram?: ParseResult;
  usesOldSelf: boolean;
  /** `fieldPath` split into property names. */
  fieldPathSegments: string[];
}

/** Thrown when a rule does not compile: the API server would have refused such a CRD. */
export class CelCompileError extends Error {}

const compiledRules = new WeakMap<ValidationRule, CompiledRule>();

function compileExpression(expression: string): ParseResult {
  const program = kubeCelEnvironment().parse(adaptExpression(expression));
  const checked = program.check();
  if (!checked.valid)
    throw new Error(checked.error?.message ?? 'type check failed');
  return program;
}

/** Compiles (once) a rule and its messageExpression. Throws CelCompileError on failure. */
export function compileRule(rule: ValidationRule): CompiledRule {
  let compiled = compiledRules.get(rule);
  if (compiled) return compiled;
  try {
    compiled = {
      rule,
      program: compileExpression(rule.rule),
      messageProgram: rule.messageExpression
        ? compileExpression(rule.messageExpression)
        : undefined,
      usesOldSelf: /\boldSelf\b/.test(rule.rule),
      fieldPathSegments: parseFieldPath(rule.fieldPath),
    };
  } catch (error) {
    throw new CelCompileError(
      `rule ${JSON.stringify(rule.rule)} does not compile: ${
        (error as Error).message
      }`,
    );
  }
  compiledRules.set(rule, compiled);
  return compiled;
}

/** `.spec.foo['bar.baz']` -> ['spec', 'foo', 'bar.baz'] */
export function parseFieldPath(fieldPath: string | undefined): string[] {
  if (!fieldPath) return [];
  const segments: string[] = [];
  const pattern =
    /\.([^.[\]]+)|\[\s*'((?:[^'\\]|\\.)*)'\s*\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\]/g;
  for (const match of fieldPath.matchAll(pattern))
    segments.push(match[1] ?? match[2] ?? match[3]);
  return segments;
}

// Property names CEL cannot spell are escaped like Kubernetes does (`namespace` -> `__namespace__`).
const CEL_RESERVED = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);

export function escapeCelPropertyName(name: string): string {
  if (CEL_RESERVED.has(name)) return `__${name}__`;
  if (!/[_./-]/.test(name)) return name;
  return name
    .replace(/__/g, '__underscores__')
    .replace(/\./g, '__dot__')
    .replace(/-/g, '__dash__')
    .replace(/\//g, '__slash__');
}

/** JSON without a schema (preserved unknown fields): integral numbers are CEL ints. */
function genericToCel(value: unknown): unknown {
  if (typeof value === 'number')
    return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(genericToCel);
  if (isPlainObject(value)) {
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value))
      result[key] = genericToCel(child);
    return result;
  }
  return value;
}

/** Converts a JSON value to the CEL value Kubernetes would bind, guided by its schema. */
export function toCelValue(
  schema: JsonSchemaProps | undefined,
  value: unknown,
): unknown {
  if (value === null || value === undefined || !schema)
    return genericToCel(value);
  if (typeof value === 'number') {
    const isInt =
      schema.type === 'integer' ||
      schema['x-kubernetes-int-or-string'] ||
      !schema.type;
    return isInt && Number.isInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value))
    return value.map(item => toCelValue(schema.items, item));
  if (isPlainObject(value)) {
    const additional = isPlainObject(schema.additionalProperties)
      ? (schema.additionalProperties as JsonSchemaProps)
      : undefined;
    if (!schema.properties && !additional) return genericToCel(value);
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const propertySchema = schema.properties?.[key];
      if (propertySchema)
        result[escapeCelPropertyName(key)] = toCelValue(propertySchema, child);
      else if (additional) result[key] = toCelValue(additional, child);
      else result[key] = genericToCel(child);
    }
    return result;
  }
  return value;
}

/** Whether a CEL value has the schema's type (nodes of the wrong type already failed structurally). */
function celHasSchemaType(schema: JsonSchemaProps, value: unknown): boolean {
  if (schema['x-kubernetes-int-or-string'])
    return typeof value === 'bigint' || typeof value === 'string';
  switch (schema.type) {
    case undefined:
      return true;
    case 'object':
      return isPlainObject(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return typeof value === 'bigint';
    case 'number':
      return typeof value === 'number' || typeof value === 'bigint';
    default:
      return typeof value === schema.type;
  }
}

function listMapKey(
  schema: JsonSchemaProps,
  item: unknown,
): string | undefined {
  if (!isPlainObject(item)) return undefined;
  const keys = schema['x-kubernetes-list-map-keys'] ?? [];
  return JSON.stringify(
    keys.map(key => String(item[escapeCelPropertyName(key)] ?? '')),
  );
}

/** Old list items correlate with new ones only in map lists, by their keys (as in Kubernetes). */
function correlateOldItems(
  schema: JsonSchemaProps,
  oldList: unknown,
): Map<string, unknown> | undefined {
  if (schema['x-kubernetes-list-type'] !== 'map' || !Array.isArray(oldList))
    return undefined;
  const byKey = new Map<string, unknown>();
  for (const item of oldList) {
    const key = listMapKey(schema, item);
    if (key !== undefined) byKey.set(key, item);
  }
  return byKey;
}

function ruleErrorString(rule: ValidationRule): string {
  return rule.message?.trim() || rule.rule.trim();
}

function failureMessage(
  compiled: CompiledRule,
  self: unknown,
  oldSelf: unknown,
): string {
  if (compiled.messageProgram) {
    try {
      const message = compiled.messageProgram({ self, oldSelf });
      if (
        typeof message === 'string' &&
        message.trim() !== '' &&
        !/[\r\n]/.test(message)
      )
        return message;
    } catch {
      // Kubernetes falls back to `message` (and warns) when messageExpression fails.
    }
  }
  return (
    compiled.rule.message?.trim() || `failed rule: ${compiled.rule.rule.trim()}`
  );
}

function ruleFailureError(
  compiled: CompiledRule,
  path: string,
  schemaType: string,
  detail: string,
): FieldError {
  const fieldPath = compiled.fieldPathSegments.reduce(childPath, path);
  switch (compiled.rule.reason) {
    case 'FieldValueForbidden':
      return fieldError.forbidden(fieldPath, detail);
    case 'FieldValueRequired':
      return fieldError.required(fieldPath, detail);
    case 'FieldValueDuplicate':
      return fieldError.duplicate(fieldPath, detail);
    default:
      return fieldError.invalid(fieldPath, schemaType, detail);
  }
}

function evaluateNodeRules(
  schema: JsonSchemaProps,
  self: unknown,
  oldSelf: unknown,
  path: string,
  errors: FieldError[],
) {
  const schemaType = schema.type ?? '';
  for (const rule of schema['x-kubernetes-validations'] ?? []) {
    let compiled: CompiledRule;
    try {
      compiled = compileRule(rule);
    } catch (error) {
      errors.push(
        fieldError.invalid(path, schemaType, (error as Error).message),
      );
      continue;
    }
    if (compiled.usesOldSelf && oldSelf === undefined) continue; // transition rules need an old value
    let result: unknown;
    try {
      result = compiled.program({ self, oldSelf });
    } catch (error) {
      // cel-go spells runtime errors in lower case ("no such key: x"); match the API server.
      const firstLine = (error as Error).message.split('\n')[0];
      const reason = firstLine.replace(/^No such key/, 'no such key');
      errors.push(
        fieldError.invalid(
          path,
          schemaType,
          `${reason} evaluating rule: ${ruleErrorString(rule)}`,
        ),
      );
      continue;
    }
    if (result !== true) {
      errors.push(
        ruleFailureError(
          compiled,
          path,
          schemaType,
          failureMessage(compiled, self, oldSelf),
        ),
      );
    }
  }
}

/** Walks schema and CEL value together, evaluating every rule on present values. */
export function evaluateCelRules(
  schema: JsonSchemaProps,
  self: unknown,
  oldSelf: unknown,
  path: string,
  errors: FieldError[],
): void {
  if (self === null || self === undefined || !celHasSchemaType(schema, self))
    return;
  const correlatedOld =
    oldSelf !== null &&
    oldSelf !== undefined &&
    celHasSchemaType(schema, oldSelf)
      ? oldSelf
      : undefined;
  evaluateNodeRules(schema, self, correlatedOld, path, errors);
  if (Array.isArray(self) && schema.items) {
    const oldByKey = correlateOldItems(schema, correlatedOld);
    self.forEach((item, i) => {
      const key = oldByKey ? listMapKey(schema, item) : undefined;
      const oldItem = key !== undefined ? oldByKey?.get(key) : undefined;
      evaluateCelRules(
        schema.items!,
        item,
        oldItem,
        indexPath(path, i),
        errors,
      );
    });
    return;
  }
  if (!isPlainObject(self)) return;
  const old = isPlainObject(correlatedOld) ? correlatedOld : undefined;
  if (schema.properties) {
    for (const [name, propertySchema] of Object.entries(schema.properties)) {
      const key = escapeCelPropertyName(name);
      if (self[key] === undefined) continue;
      evaluateCelRules(
        propertySchema,
        self[key],
        old?.[key],
        childPath(path, name),
        errors,
      );
    }
  }
  if (isPlainObject(schema.additionalProperties)) {
    const additional = schema.additionalProperties as JsonSchemaProps;
    for (const [key, value] of Object.entries(self)) {
      evaluateCelRules(
        additional,
        value,
        old?.[key],
        keyPath(path, key),
        errors,
      );
    }
  }
}

/** Every rule in a schema tree with the path of the node that declares it (for compile checks). */
export function collectRules(
  schema: JsonSchemaProps,
  path = '',
): Array<{ path: string; rule: ValidationRule }> {
  const found = (schema['x-kubernetes-validations'] ?? []).map(rule => ({
    path,
    rule,
  }));
  for (const [name, child] of Object.entries(schema.properties ?? {}))
    found.push(...collectRules(child, childPath(path, name)));
  if (schema.items) found.push(...collectRules(schema.items, `${path}[*]`));
  if (isPlainObject(schema.additionalProperties)) {
    found.push(
      ...collectRules(
        schema.additionalProperties as JsonSchemaProps,
        `${path}[*]`,
      ),
    );
  }
  for (const sub of [
    ...(schema.allOf ?? []),
    ...(schema.anyOf ?? []),
    ...(schema.oneOf ?? []),
  ]) {
    found.push(...collectRules(sub, path));
  }
  return found;
}
