import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';

/**
 * Helpers that turn API objects into the compact records the cache keeps: only the fields the
 * interpretation reads, strings shared between records (a route's status repeats the same reasons,
 * messages, API versions and controller names thousands of times), Dates back to ISO strings.
 */

const INTERN_LIMIT = 200_000;
const INTERN_MAX_LENGTH = 160;
const pool = new Map<string, string>();

/** One shared copy of short, frequent strings (bounded: past the limit strings are kept as they are). */
export function intern(value: string): string {
  if (value.length > INTERN_MAX_LENGTH) {
    return value;
  }
  const existing = pool.get(value);
  if (existing !== undefined) {
    return existing;
  }
  if (pool.size < INTERN_LIMIT) {
    pool.set(value, value);
  }
  return value;
}

/** Deep copy with interned strings; client-node's typed models carry Dates, the view model wants ISO text. */
export function plain(value: unknown): unknown {
  if (typeof value === 'string') {
    return intern(value);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  if (value instanceof Date) {
    return intern(value.toISOString());
  }
  if (Array.isArray(value)) {
    return value.map(plain);
  }
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    // Condition times are unique per object and no view shows them: not worth their memory.
    if (child !== undefined && key !== 'lastTransitionTime') {
      out[intern(key)] = plain(child);
    }
  }
  return out;
}

const DROPPED_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
]);

function stringMap(
  value: unknown,
  keep?: (key: string, value: string) => boolean,
): Record<string, string> | undefined {
  if (!value || typeof value !== 'object') {
    return undefined;
  }
  const out: Record<string, string> = {};
  let any = false;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (typeof child === 'string' && (!keep || keep(key, child))) {
      out[intern(key)] = intern(child);
      any = true;
    }
  }
  return any ? out : undefined;
}

/** Annotations worth keeping: short ones, never kubectl's copy of the last applied object. */
export function keptAnnotations(
  value: unknown,
): Record<string, string> | undefined {
  return stringMap(
    value,
    (key, text) => !DROPPED_ANNOTATIONS.has(key) && text.length <= 512,
  );
}

export function labelsOf(value: unknown): Record<string, string> | undefined {
  return stringMap(value);
}

interface AnyObject {
  apiVersion?: string;
  kind?: string;
  metadata?: Record<string, unknown>;
  spec?: unknown;
  status?: unknown;
  [key: string]: unknown;
}

/** Compact metadata: identity, generation, labels and the short annotations. */
export function compactMetadata(
  object: AnyObject,
  options: { annotations?: boolean } = {},
): KubeObject['metadata'] {
  const metadata = object.metadata ?? {};
  const labels = labelsOf(metadata.labels);
  const annotations =
    options.annotations === false
      ? undefined
      : keptAnnotations(metadata.annotations);
  return {
    name: intern(String(metadata.name ?? '')),
    ...(metadata.namespace
      ? { namespace: intern(String(metadata.namespace)) }
      : {}),
    ...(typeof metadata.generation === 'number'
      ? { generation: metadata.generation }
      : {}),
    ...(labels ? { labels } : {}),
    ...(annotations ? { annotations } : {}),
    ...(metadata.deletionTimestamp
      ? { deletionTimestamp: String(plain(metadata.deletionTimestamp)) }
      : {}),
  };
}

/** The usual compact record: metadata + spec + status, as the API sent them. */
export function compactObject(
  object: AnyObject,
  apiVersion: string,
  kind: string,
): KubeObject {
  return {
    apiVersion: intern(apiVersion),
    kind: intern(kind),
    metadata: compactMetadata(object),
    ...(object.spec !== undefined ? { spec: plain(object.spec) } : {}),
    ...(object.status !== undefined ? { status: plain(object.status) } : {}),
  };
}

/** Picks fields from a (possibly undefined) record, dropping undefined ones. */
export function pick(
  value: unknown,
  keys: string[],
): Record<string, unknown> | undefined {
  if (!value || typeof value !== 'object') {
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const child = (value as Record<string, unknown>)[key];
    if (child !== undefined) {
      out[intern(key)] = plain(child);
    }
  }
  return out;
}
