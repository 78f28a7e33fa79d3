import type { KubeObject } from '../kube';
import { parseApiVersion } from '../kube';

/** One validation error, shaped like the API server's `field.Error`. */
export interface FieldError {
  /** Path like `spec.listeners[0].hostname`. */
  field: string;
  type:
    | 'FieldValueRequired'
    | 'FieldValueInvalid'
    | 'FieldValueNotSupported'
    | 'FieldValueTooLong'
    | 'FieldValueTooMany'
    | 'FieldValueDuplicate'
    | 'FieldValueForbidden'
    | 'FieldValueTypeInvalid';
  /** The error body as the API server prints it after `<field>: `, e.g. `Required value`. */
  message: string;
}

/**
 * Prints a bad value the way Go's `field.Error` does: numbers and booleans bare, strings quoted,
 * anything else in Go syntax (`map[string]interface {}{...}`), `null` for nil.
 */
export function formatBadValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    typeof value === 'bigint'
  ) {
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  return goSyntax(value);
}

function goSyntax(value: unknown): string {
  if (Array.isArray(value))
    return `[]interface {}{${value.map(goSyntaxElement).join(', ')}}`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map(
        key =>
          `${JSON.stringify(key)}:${goSyntaxElement(
            (value as Record<string, unknown>)[key],
          )}`,
      );
    return `map[string]interface {}{${entries.join(', ')}}`;
  }
  return formatBadValue(value);
}

function goSyntaxElement(value: unknown): string {
  if (value === null || value === undefined) return 'interface {}(nil)';
  if (typeof value === 'string') return JSON.stringify(value);
  return goSyntax(value);
}

function withDetail(body: string, detail?: string): string {
  return detail ? `${body}: ${detail}` : body;
}

export const fieldError = {
  required(field: string, detail?: string): FieldError {
    return {
      field,
      type: 'FieldValueRequired',
      message: withDetail('Required value', detail),
    };
  },
  forbidden(field: string, detail: string): FieldError {
    return {
      field,
      type: 'FieldValueForbidden',
      message: withDetail('Forbidden', detail),
    };
  },
  invalid(field: string, value: unknown, detail: string): FieldError {
    return {
      field,
      type: 'FieldValueInvalid',
      message: withDetail(`Invalid value: ${formatBadValue(value)}`, detail),
    };
  },
  typeInvalid(field: string, value: unknown, detail: string): FieldError {
    return {
      field,
      type: 'FieldValueTypeInvalid',
      message: withDetail(`Invalid value: ${formatBadValue(value)}`, detail),
    };
  },
  notSupported(
    field: string,
    value: unknown,
    supported: unknown[],
  ): FieldError {
    const values = supported.map(v => formatBadValue(v)).join(', ');
    return {
      field,
      type: 'FieldValueNotSupported',
      message: withDetail(
        `Unsupported value: ${formatBadValue(value)}`,
        `supported values: ${values}`,
      ),
    };
  },
  tooLong(field: string, maxLength: number): FieldError {
    const unit = maxLength === 1 ? 'byte' : 'bytes';
    return {
      field,
      type: 'FieldValueTooLong',
      message: `Too long: may not be more than ${maxLength} ${unit}`,
    };
  },
  tooMany(field: string, actual: number, max: number): FieldError {
    return {
      field,
      type: 'FieldValueTooMany',
      message: `Too many: ${actual}: must have at most ${max} items`,
    };
  },
  duplicate(field: string, value: unknown): FieldError {
    return {
      field,
      type: 'FieldValueDuplicate',
      message: `Duplicate value: ${formatBadValue(value)}`,
    };
  },
};

/** Appends a property name to a field path (`spec` + `rules` -> `spec.rules`). */
export function childPath(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

/** Appends a list index (`spec.rules` + 0 -> `spec.rules[0]`). */
export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** Appends a map key (`metadata.labels` + `app` -> `metadata.labels[app]`), as Go's `field.Path.Key`. */
export function keyPath(path: string, key: string): string {
  return `${path}[${key}]`;
}

/**
 * Formats errors the way the API server's 422 message does:
 * `<Kind>.<group> "<name>" is invalid: [<field>: <Type>: <detail>, ...]`
 * (like Go's error aggregate: no brackets around a single error, duplicates dropped).
 */
export function formatInvalidMessage(
  object: KubeObject,
  errors: FieldError[],
): string {
  const { group } = parseApiVersion(object.apiVersion ?? '');
  const qualifiedKind = group ? `${object.kind}.${group}` : object.kind;
  const name = object.metadata?.name ?? '';
  const messages = [
    ...new Set(
      errors.map(error =>
        error.field ? `${error.field}: ${error.message}` : error.message,
      ),
    ),
  ];
  const detail =
    messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
  return `${qualifiedKind} ${JSON.stringify(name)} is invalid: ${detail}`;
}
