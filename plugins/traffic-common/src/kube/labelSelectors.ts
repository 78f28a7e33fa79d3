/**
 * Kubernetes label selectors, in both forms: the string syntax of `?labelSelector=` and of the
 * `backstage.io/kubernetes-label-selector` annotation (`a=b,c!=d,e in (f,g),!h,i,n>3`), and the
 * `metav1.LabelSelector` object (`matchLabels` + `matchExpressions`) that Gateway listeners use.
 * Both compile to the same requirements, matched by one function.
 */

export type LabelRequirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!exists' }
  | { key: string; op: 'gt' | 'lt'; value: number };

/** The `metav1.LabelSelector` object form. */
export interface MetaLabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key: string;
    operator: string;
    values?: string[];
  }>;
}

/** A selector string that is not valid Kubernetes syntax; the message is the API server's. */
export class LabelSelectorSyntaxError extends Error {
  name = 'LabelSelectorSyntaxError';
}

/** Splits a selector string on the commas that are not inside `( )`. */
export function splitSelectorTerms(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map(p => p.trim()).filter(p => p.length > 0);
}

const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function parseTerm(text: string, selector: string): LabelRequirement {
  const fail = () =>
    new LabelSelectorSyntaxError(
      `unable to parse requirement: found '${text}', expected a label selector in "${selector}"`,
    );
  const key = (candidate: string) => {
    if (!LABEL_KEY.test(candidate)) throw fail();
    return candidate;
  };
  const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(text);
  if (set) {
    const values = set[3]
      .split(',')
      .map(v => v.trim())
      .filter(v => v.length > 0);
    return { key: key(set[1]), op: set[2] as 'in' | 'notin', values };
  }
  if (text.startsWith('!'))
    return { key: key(text.slice(1).trim()), op: '!exists' };
  const comparison = /^([^=!<>\s]+)\s*(==|=|!=|<|>)\s*(.*)$/.exec(text);
  if (comparison) {
    const [, name, op, value] = comparison;
    key(name);
    if (op === '<' || op === '>') {
      if (!/^-?\d+$/.test(value)) throw fail();
      return { key: name, op: op === '<' ? 'lt' : 'gt', value: Number(value) };
    }
    if (value !== '' && !LABEL_VALUE.test(value)) throw fail();
    return { key: name, op: op === '!=' ? 'notin' : 'in', values: [value] };
  }
  return { key: key(text), op: 'exists' };
}

/** Parses the string form; an empty selector has no requirements (it selects everything). */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  return splitSelectorTerms(selector).map(term => parseTerm(term, selector));
}

/** The requirements of the object form; an unknown operator selects nothing, as in Kubernetes. */
export function metaLabelSelectorRequirements(
  selector: MetaLabelSelector | undefined,
): LabelRequirement[] {
  const requirements: LabelRequirement[] = Object.entries(
    selector?.matchLabels ?? {},
  ).map(([key, value]) => ({ key, op: 'in', values: [value] }));
  for (const e of selector?.matchExpressions ?? []) {
    const values = e.values ?? [];
    if (e.operator === 'In')
      requirements.push({ key: e.key, op: 'in', values });
    else if (e.operator === 'NotIn')
      requirements.push({ key: e.key, op: 'notin', values });
    else if (e.operator === 'Exists')
      requirements.push({ key: e.key, op: 'exists' });
    else if (e.operator === 'DoesNotExist')
      requirements.push({ key: e.key, op: '!exists' });
    else requirements.push({ key: e.key, op: 'in', values: [] });
  }
  return requirements;
}

/** True when the labels meet every requirement. */
export function matchesLabelRequirements(
  requirements: LabelRequirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const have = labels ?? {};
  return requirements.every(r => {
    const present = Object.prototype.hasOwnProperty.call(have, r.key);
    const value = have[r.key];
    switch (r.op) {
      case 'in':
        return present && r.values.includes(value);
      case 'notin':
        return !present || !r.values.includes(value);
      case 'exists':
        return present;
      case '!exists':
        return !present;
      case 'gt':
        return present && /^-?\d+$/.test(value) && Number(value) > r.value;
      case 'lt':
        return present && /^-?\d+$/.test(value) && Number(value) < r.value;
      default:
        return false;
    }
  });
}

/** `metav1.LabelSelector` semantics: all matchLabels and all expressions hold; none given selects all. */
export function matchesMetaLabelSelector(
  selector: MetaLabelSelector | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  return matchesLabelRequirements(
    metaLabelSelectorRequirements(selector),
    labels,
  );
}
