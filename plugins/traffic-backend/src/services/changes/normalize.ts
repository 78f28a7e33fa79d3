import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import yaml from 'js-yaml';

/** Metadata the API server owns: never part of what a change is about. */
const SERVER_METADATA = [
  'resourceVersion',
  'uid',
  'creationTimestamp',
  'generation',
  'managedFields',
  'selfLink',
] as const;

/**
 * The part of an object a change decides: everything except server-managed metadata and status.
 * Keys are sorted so two normalized objects compare (and print) the same way.
 */
export function normalizeObject(object: KubeObject): KubeObject {
  const { status: _status, metadata, ...rest } = object;
  const meta: Record<string, unknown> = { ...(metadata ?? {}) };
  for (const key of SERVER_METADATA) delete meta[key];
  return sortKeys({ ...rest, metadata: meta }) as KubeObject;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as object).sort()) {
      const child = (value as Record<string, unknown>)[key];
      if (child !== undefined) out[key] = sortKeys(child);
    }
    return out;
  }
  return value;
}

/** True when the two objects are the same apart from server-managed metadata and status. */
export function sameObject(a: KubeObject, b: KubeObject): boolean {
  return (
    JSON.stringify(normalizeObject(a)) === JSON.stringify(normalizeObject(b))
  );
}

/** YAML of the normalized object, the unit the diffs are computed on. */
export function objectYaml(object: KubeObject | undefined): string {
  if (!object) return '';
  return yaml.dump(normalizeObject(object), {
    noRefs: true,
    lineWidth: 120,
    sortKeys: true,
  });
}

const MAX_DIFF_LINES = 2000;

/**
 * A unified-style line diff (`-` before, `+` after, two-space context) of the normalized YAML of
 * two objects; `before` absent means the object is created. Empty when nothing changes.
 */
export function diffObjects(
  before: KubeObject | undefined,
  after: KubeObject,
): string {
  const a = before ? objectYaml(before).split('\n') : [];
  const b = objectYaml(after).split('\n');
  if (a.join('\n') === b.join('\n')) return '';
  if (a.length * b.length > 4_000_000) {
    // Too large for the quadratic diff: show the whole new object.
    return b.map(line => `+ ${line}`).join('\n');
  }
  const lines = lineDiff(a, b);
  return lines.slice(0, MAX_DIFF_LINES).join('\n');
}

/** Longest-common-subsequence line diff. */
function lineDiff(a: string[], b: string[]): string[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () =>
    new Array<number>(m + 1).fill(0),
  );
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] =
        a[i] === b[j]
          ? lcs[i + 1][j + 1] + 1
          : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push(`  ${a[i]}`);
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      out.push(`- ${a[i++]}`);
    } else {
      out.push(`+ ${b[j++]}`);
    }
  }
  while (i < n) out.push(`- ${a[i++]}`);
  while (j < m) out.push(`+ ${b[j++]}`);
  return out.filter(line => line.trim() !== '');
}
