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

/**
 * Shared subtrees. Routes and gateways repeat the same small structures thousands of times: the
 * conditions of a status (same type, status, reason, message), parentRefs to the same Gateway, the
 * rules of one component's routes, whole `status` objects of the routes of one Gateway. Such a
 * subtree is kept once, frozen, and every record points at it.
 *
 * A subtree's canonical key is its content, length-prefixed (bounded: larger subtrees are not
 * shared, their children still are). A key seen once waits in a bounded probation set; at its second
 * sighting the object joins the pool. Unique subtrees (a route's own hostnames) therefore never
 * enter the pool, and probation forgets them when it fills up.
 */
const SHARE_LIMIT = 100_000;
const PROBATION_LIMIT = 8_192;
const MAX_KEY_LENGTH = 480;
const shared = new Map<string, object>();
const probation = new Set<string>();

function share<T extends object>(object: T, key: string | undefined): [T, string | undefined] {
  if (key === undefined || key.length > MAX_KEY_LENGTH) {
    return [object, undefined];
  }
  const existing = shared.get(key);
  if (existing) {
    return [existing as T, key];
  }
  if (probation.has(key)) {
    probation.delete(key);
    if (shared.size < SHARE_LIMIT) {
      Object.freeze(object);
      shared.set(key, object);
    }
    return [object, key];
  }
  if (probation.size >= PROBATION_LIMIT) {
    probation.clear();
  }
  probation.add(key);
  forgetProbationWhenIdle();
  return [object, key];
}

/** Probation only matters while lists arrive: emptied once no key was added for a few seconds. */
const PROBATION_IDLE_MS = 3000;
let lastProbation = 0;
let probationTimer: NodeJS.Timeout | undefined;

function forgetProbationWhenIdle(): void {
  lastProbation = Date.now();
  if (probationTimer) {
    return;
  }
  const check = () => {
    const idle = Date.now() - lastProbation;
    if (idle >= PROBATION_IDLE_MS) {
      probation.clear();
      probationTimer = undefined;
    } else {
      probationTimer = setTimeout(check, PROBATION_IDLE_MS - idle);
      probationTimer.unref?.();
    }
  };
  probationTimer = setTimeout(check, PROBATION_IDLE_MS);
  probationTimer.unref?.();
}

/** Length-prefixed, so concatenated tokens never run into each other. */
const stringToken = (value: string) => `${value.length}:${value}`;

function canonical(value: unknown): [unknown, string | undefined] {
  switch (typeof value) {
    case 'string': {
      const text = intern(value);
      return [text, text.length <= MAX_KEY_LENGTH ? `s${stringToken(text)}` : undefined];
    }
    case 'number':
      return [value, `n${value};`];
    case 'boolean':
      return [value, value ? 't' : 'f'];
    default:
  }
  if (value === null || typeof value !== 'object') {
    return [value, value === null ? 'z' : undefined];
  }
  if (value instanceof Date) {
    return canonical(value.toISOString());
  }
  let key: string | undefined;
  if (Array.isArray(value)) {
    key = '[';
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const [child, token] = canonical(value[i]);
      out[i] = child;
      key =
        key === undefined || token === undefined || key.length > MAX_KEY_LENGTH
          ? undefined
          : key + token;
    }
    return share(out, key === undefined ? undefined : `${key}]`);
  }
  key = '{';
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[name];
    // Condition times are unique per object and no view shows them: not worth their memory.
    if (child === undefined || name === 'lastTransitionTime') {
      continue;
    }
    const [copy, token] = canonical(child);
    out[intern(name)] = copy;
    key =
      key === undefined || token === undefined || key.length > MAX_KEY_LENGTH
        ? undefined
        : key + stringToken(name) + token;
  }
  return share(out, key === undefined ? undefined : `${key}}`);
}

/**
 * Deep copy with interned strings and shared repeated subtrees (see `share`); client-node's typed
 * models carry Dates, the view model wants ISO text. Shared subtrees are frozen: records are read-only.
 */
export function plain(value: unknown): unknown {
  return canonical(value)[0];
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
  return any ? (plain(out) as Record<string, string>) : undefined;
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
