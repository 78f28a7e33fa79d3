/** One problem with a user's input: which field, and what to do about it. */
export interface InputIssue {
  /** Path of the offending field, e.g. `listeners[1].hostname`; empty for the whole input. */
  field: string;
  /** What is wrong and how to fix it, already naming the value where that helps. */
  message: string;
}

/**
 * The only error the parse functions and builders throw for bad input. Each issue names a
 * field and says the fix, so an action can show it to the user as is.
 */
export class InputValidationError extends Error {
  readonly issues: InputIssue[];

  constructor(issues: InputIssue[]) {
    super(formatInputIssues(issues));
    this.name = 'InputValidationError';
    this.issues = issues;
  }
}

/** Renders issues one per line, `field: message`. */
export function formatInputIssues(issues: InputIssue[]): string {
  return issues
    .map(issue => (issue.field ? `${issue.field}: ${issue.message}` : issue.message))
    .join('\n');
}

/** Joins path segments the way a reader writes them: `rules[0].backends[1].port`. */
export function formatFieldPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Quotes a user value for an error message, shortened so a huge value cannot flood it. */
export function quoteValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
