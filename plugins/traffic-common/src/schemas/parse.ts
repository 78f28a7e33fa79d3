import { z } from 'zod';
import { formatFieldPath, InputIssue, InputValidationError, quoteValue } from './errors';

/** Outcome of a `safeParse...Input` call: the input with defaults applied, or field-named issues. */
export type InputParseResult<T> =
  | { success: true; data: T }
  | { success: false; error: InputValidationError };

/** The pair of functions every journey exports: `parse` throws, `safeParse` returns. */
export interface InputParser<T> {
  parse(raw: unknown): T;
  safeParse(raw: unknown): InputParseResult<T>;
}

/**
 * Builds the parse functions for one journey: zod applies shape, defaults and field rules; then
 * the journey's domain rules run on the typed input. Either stage reports every issue it finds.
 */
export function createInputParser<S extends z.ZodTypeAny>(
  schema: S,
  domainRules: (input: z.output<S>) => InputIssue[],
): InputParser<z.output<S>> {
  const safeParse = (raw: unknown): InputParseResult<z.output<S>> => {
    const result = schema.safeParse(raw);
    if (!result.success) {
      return { success: false, error: new InputValidationError(zodIssuesToInputIssues(result.error, raw)) };
    }
    const ruleIssues = domainRules(result.data);
    if (ruleIssues.length > 0) {
      return { success: false, error: new InputValidationError(ruleIssues) };
    }
    return { success: true, data: result.data };
  };
  return {
    safeParse,
    parse(raw: unknown) {
      const result = safeParse(raw);
      if (!result.success) throw result.error;
      return result.data;
    },
  };
}

/** Field name used when the input as a whole is wrong (e.g. not an object). */
export const ROOT_FIELD = 'input';

/** Turns zod's issues into one issue per field, each naming the field, the value and the fix. */
export function zodIssuesToInputIssues(error: z.ZodError, raw: unknown): InputIssue[] {
  const byField = new Map<string, InputIssue>();
  for (const issue of error.issues) {
    for (const converted of convertIssue(issue, raw)) {
      // The first problem per field is the most basic one (type before pattern before length).
      if (!byField.has(converted.field)) byField.set(converted.field, converted);
    }
  }
  return [...byField.values()];
}

function convertIssue(issue: z.ZodIssue, raw: unknown): InputIssue[] {
  const field = formatFieldPath(issue.path) || ROOT_FIELD;
  const value = valueAtPath(raw, issue.path);
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      if (issue.received === 'undefined') {
        return [{ field, message: `is required: provide a ${describeType(issue.expected)}` }];
      }
      if (issue.message && !issue.message.startsWith('Expected')) {
        return [{ field, message: withValue(value, issue.message) }];
      }
      return [
        {
          field,
          message: `${quoteValue(value)} has the wrong type: expected a ${describeType(issue.expected)}, not ${issue.received}`,
        },
      ];
    case z.ZodIssueCode.invalid_enum_value:
      return [
        {
          field,
          message: `${quoteValue(value)} is not allowed: use one of ${issue.options.map(String).join(', ')}`,
        },
      ];
    case z.ZodIssueCode.invalid_literal:
      return [{ field, message: `${quoteValue(value)} is not allowed: use ${quoteValue(issue.expected)}` }];
    case z.ZodIssueCode.unrecognized_keys:
      return issue.keys.map(key => ({
        field: formatFieldPath([...issue.path, key]) || ROOT_FIELD,
        message: 'is not a known field: remove it or check its spelling',
      }));
    case z.ZodIssueCode.too_small:
      if (issue.type === 'array') {
        return [{ field, message: `needs at least ${issue.minimum} item(s): add ${issue.minimum === 1 ? 'one' : 'more'}` }];
      }
      return [{ field, message: withValue(value, issue.message) }];
    case z.ZodIssueCode.too_big:
      if (issue.type === 'array') {
        return [{ field, message: `has too many items: use at most ${issue.maximum}` }];
      }
      return [{ field, message: withValue(value, issue.message) }];
    case z.ZodIssueCode.invalid_union:
    case z.ZodIssueCode.invalid_union_discriminator:
      return [{ field, message: `${quoteValue(value)} does not match any allowed form: check the field's help text` }];
    default:
      return [{ field, message: withValue(value, issue.message) }];
  }
}

/** Prefixes messages written as "is not ..." / "must ..." with the offending value. */
function withValue(value: unknown, message: string): string {
  const startsWithVerb = /^(is|has|must|needs|cannot|does)\b/.test(message);
  const printable = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
  if (startsWithVerb && printable) return `${quoteValue(value)} ${message}`;
  if (startsWithVerb) return message;
  return `is not valid: ${message}`;
}

function describeType(expected: string): string {
  switch (expected) {
    case 'object':
      return 'set of fields (object)';
    case 'array':
      return 'list';
    default:
      return expected;
  }
}

function valueAtPath(raw: unknown, path: ReadonlyArray<string | number>): unknown {
  let current: unknown = raw;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}
