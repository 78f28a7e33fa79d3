import type { ListSemanticsLookup } from './listSemantics';

/**
 * Field sets as server-side apply tracks them. A path is a list of elements in the FieldsV1
 * spelling (`f:spec`, `k:{"name":"http"}` for an item of an associative list), joined with
 * PATH_SEPARATOR into one string so sets and maps can hold them.
 */
export const PATH_SEPARATOR = '\u0001';

/** Marks an associative-list item in a field map (the item itself is owned, its value is not compared). */
export const ITEM = Symbol('list item');

type Json = unknown;

/** Byte-wise string order (etcd key order, FieldsV1 key order). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export function isPlainObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Metadata the API server owns; never part of a manager's field set. */
const SERVER_OWNED_METADATA = new Set([
  'name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'selfLink', 'generateName',
]);

function itemKeyElement(item: Record<string, Json>, keys: string[]): string {
  const key: Record<string, Json> = {};
  for (const name of [...keys].sort()) if (item[name] !== undefined) key[name] = item[name];
  return `k:${JSON.stringify(key)}`;
}

/** True when every item is an object carrying a key and no key repeats (else the list is atomic). */
function keyable(items: Json[], keys: string[]): boolean {
  const seen = new Set<string>();
  for (const item of items) {
    if (!isPlainObject(item) || !keys.some(k => item[k] !== undefined)) return false;
    const element = itemKeyElement(item, keys);
    if (seen.has(element)) return false;
    seen.add(element);
  }
  return true;
}

function collect(value: Json, path: string, names: string[], semantics: ListSemanticsLookup, into: Map<string, Json>): void {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) {
      collect(child, `${path}${PATH_SEPARATOR}f:${key}`, [...names, key], semantics, into);
    }
    return;
  }
  if (Array.isArray(value) && value.length > 0) {
    const list = semantics(names);
    if (list.type === 'map' && keyable(value, list.keys)) {
      for (const item of value as Array<Record<string, Json>>) {
        const itemPath = `${path}${PATH_SEPARATOR}${itemKeyElement(item, list.keys)}`;
        into.set(itemPath, ITEM);
        for (const [key, child] of Object.entries(item)) {
          collect(child, `${itemPath}${PATH_SEPARATOR}f:${key}`, [...names, key], semantics, into);
        }
      }
      return;
    }
  }
  into.set(path, value);
}

/**
 * The fields an object sets, mapped to their values (ITEM for list items). Leaves are scalars,
 * atomic lists and empty objects, as in Kubernetes' FieldsV1.
 */
export function collectFields(object: Record<string, Json>, semantics: ListSemanticsLookup): Map<string, Json> {
  const fields = new Map<string, Json>();
  for (const [key, value] of Object.entries(object)) {
    if (key === 'apiVersion' || key === 'kind') continue;
    if (key === 'metadata' && isPlainObject(value)) {
      for (const [metaKey, metaValue] of Object.entries(value)) {
        if (SERVER_OWNED_METADATA.has(metaKey)) continue;
        collect(metaValue, `f:metadata${PATH_SEPARATOR}f:${metaKey}`, ['metadata', metaKey], semantics, fields);
      }
      continue;
    }
    collect(value, `f:${key}`, [key], semantics, fields);
  }
  return fields;
}

export function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as Json[];
    return a.length === other.length && a.every((item, i) => deepEqual(item, other[i]));
  }
  const aKeys = Object.keys(a as object);
  const bObject = b as Record<string, Json>;
  if (aKeys.length !== Object.keys(bObject).length) return false;
  return aKeys.every(key => Object.prototype.hasOwnProperty.call(bObject, key) && deepEqual((a as Record<string, Json>)[key], bObject[key]));
}

/** Renders a field set in the FieldsV1 JSON form used by `metadata.managedFields`. */
export function toFieldsV1(paths: Iterable<string>): Record<string, unknown> {
  type Node = { children: Map<string, Node>; member: boolean };
  const root: Node = { children: new Map(), member: false };
  for (const path of paths) {
    let node = root;
    for (const element of path.split(PATH_SEPARATOR)) {
      let child = node.children.get(element);
      if (!child) {
        child = { children: new Map(), member: false };
        node.children.set(element, child);
      }
      node = child;
    }
    node.member = true;
  }
  const render = (node: Node): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    if (node.member && node.children.size > 0) out['.'] = {};
    for (const [element, child] of [...node.children.entries()].sort(([a], [b]) => compareStrings(a, b))) {
      out[element] = render(child);
    }
    return out;
  };
  return render(root);
}

/** Spells a path the way conflict messages do: `.spec.listeners[name="http"].port`. */
export function describePath(path: string): string {
  return path
    .split(PATH_SEPARATOR)
    .map(element => {
      if (element.startsWith('f:')) return `.${element.slice(2)}`;
      if (element.startsWith('k:')) {
        const key = JSON.parse(element.slice(2)) as Record<string, Json>;
        return `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
      }
      return element;
    })
    .join('');
}

function findItem(list: Json[], element: string): number {
  const key = JSON.parse(element.slice(2)) as Record<string, Json>;
  return list.findIndex(item => isPlainObject(item) && Object.entries(key).every(([k, v]) => deepEqual(item[k], v)));
}

/** Deletes the field or list item at `path` from `object` (mutates); returns the parent chain for pruning. */
export function removePath(object: Record<string, Json>, path: string): void {
  const elements = path.split(PATH_SEPARATOR);
  const chain: Array<{ container: Json; element: string }> = [];
  let current: Json = object;
  for (let i = 0; i < elements.length - 1; i++) {
    const element = elements[i];
    chain.push({ container: current, element });
    current = step(current, element);
    if (current === undefined) return;
  }
  removeFrom(current, elements[elements.length - 1]);
  // Prune objects left empty by the removal, but never a top-level field such as `spec`.
  for (let i = chain.length - 1; i >= 1; i--) {
    const value = step(chain[i].container, chain[i].element);
    if (isPlainObject(value) && Object.keys(value).length === 0) removeFrom(chain[i].container, chain[i].element);
    else break;
  }
}

function step(container: Json, element: string): Json {
  if (element.startsWith('f:')) return isPlainObject(container) ? container[element.slice(2)] : undefined;
  if (element.startsWith('k:') && Array.isArray(container)) {
    const index = findItem(container, element);
    return index >= 0 ? container[index] : undefined;
  }
  return undefined;
}

function removeFrom(container: Json, element: string): void {
  if (element.startsWith('f:') && isPlainObject(container)) delete container[element.slice(2)];
  if (element.startsWith('k:') && Array.isArray(container)) {
    const index = findItem(container, element);
    if (index >= 0) container.splice(index, 1);
  }
}

/**
 * Merges an applied configuration into the live object: objects merge per field, associative
 * lists merge per item key, everything else (scalars, atomic lists) is replaced.
 */
export function mergeApplied(live: Json, applied: Json, semantics: ListSemanticsLookup, names: string[] = []): Json {
  if (isPlainObject(live) && isPlainObject(applied)) {
    const result: Record<string, Json> = { ...live };
    for (const [key, value] of Object.entries(applied)) {
      result[key] = mergeApplied(live[key], value, semantics, [...names, key]);
    }
    return result;
  }
  if (Array.isArray(live) && Array.isArray(applied)) {
    const list = semantics(names);
    if (list.type === 'map' && keyable(live, list.keys) && keyable(applied, list.keys)) {
      const result = [...live];
      for (const item of applied as Array<Record<string, Json>>) {
        const index = findItem(result, itemKeyElement(item, list.keys));
        if (index >= 0) result[index] = mergeApplied(result[index], item, semantics, names);
        else result.push(structuredClone(item));
      }
      return result;
    }
  }
  return structuredClone(applied);
}
