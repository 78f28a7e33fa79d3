import { badRequest, StatusError } from './errors';
import { isPlainObject } from './fieldSets';
import type { ListSemanticsLookup } from './listSemantics';

type Json = unknown;

/** RFC 7386 JSON merge patch: objects merge, `null` deletes, everything else replaces. */
export function applyMergePatch(target: Json, patch: Json): Json {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const result: Record<string, Json> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

function unprocessable(message: string): StatusError {
  return new StatusError(422, 'Invalid', message);
}

function decodePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw badRequest(`invalid JSON pointer: ${pointer}`);
  return pointer.slice(1).split('/').map(token => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

interface PointerTarget {
  parent: Record<string, Json> | Json[];
  key: string;
}

function resolveParent(document: Json, tokens: string[], op: string): PointerTarget {
  let current: Json = document;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isPlainObject(current)) current = current[token];
    else current = undefined;
    if (current === undefined) throw unprocessable(`jsonpatch ${op} operation does not apply: doc is missing path: /${tokens.join('/')}`);
  }
  if (!Array.isArray(current) && !isPlainObject(current)) {
    throw unprocessable(`jsonpatch ${op} operation does not apply: doc is missing path: /${tokens.join('/')}`);
  }
  return { parent: current, key: tokens[tokens.length - 1] };
}

function readAt(target: PointerTarget): Json {
  return Array.isArray(target.parent) ? target.parent[Number(target.key)] : target.parent[target.key];
}

function arrayIndex(list: Json[], key: string, allowEnd: boolean): number {
  if (key === '-' && allowEnd) return list.length;
  if (!/^\d+$/.test(key)) throw unprocessable(`jsonpatch: invalid array index ${key}`);
  const index = Number(key);
  if (index > list.length || (!allowEnd && index === list.length)) throw unprocessable(`jsonpatch: array index ${key} out of bounds`);
  return index;
}

/** RFC 6902 JSON patch (add, remove, replace, move, copy, test). */
export function applyJsonPatch(document: Json, operations: Json): Json {
  if (!Array.isArray(operations)) throw badRequest('json patch must be an array of operations');
  let doc = structuredClone(document);
  for (const raw of operations) {
    if (!isPlainObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') {
      throw badRequest('json patch operations need "op" and "path"');
    }
    const tokens = decodePointer(raw.path);
    const op = raw.op;
    if (tokens.length === 0) {
      if (op === 'add' || op === 'replace') doc = structuredClone(raw.value);
      else if (op === 'test') {
        if (JSON.stringify(doc) !== JSON.stringify(raw.value)) throw unprocessable('jsonpatch test operation does not apply');
      } else throw unprocessable(`jsonpatch ${op} on the document root is not supported`);
      continue;
    }
    switch (op) {
      case 'add':
        insert(resolveParent(doc, tokens, op), structuredClone(raw.value), false);
        break;
      case 'remove':
        remove(resolveParent(doc, tokens, op), op, raw.path);
        break;
      case 'replace': {
        const target = resolveParent(doc, tokens, op);
        if (readAt(target) === undefined) throw unprocessable(`jsonpatch replace operation does not apply: doc is missing key: ${raw.path}`);
        insert(target, structuredClone(raw.value), true);
        break;
      }
      case 'move':
      case 'copy': {
        if (typeof raw.from !== 'string') throw badRequest(`json patch ${op} needs "from"`);
        const source = resolveParent(doc, decodePointer(raw.from), op);
        const value = readAt(source);
        if (value === undefined) throw unprocessable(`jsonpatch ${op} operation does not apply: doc is missing from path: ${raw.from}`);
        if (op === 'move') remove(source, op, raw.from);
        insert(resolveParent(doc, tokens, op), structuredClone(value), false);
        break;
      }
      case 'test':
        if (JSON.stringify(readAt(resolveParent(doc, tokens, op))) !== JSON.stringify(raw.value)) {
          throw unprocessable(`jsonpatch test operation does not apply: is not equal to expected value at ${raw.path}`);
        }
        break;
      default:
        throw badRequest(`Unexpected kind: ${op}`);
    }
  }
  return doc;
}

function insert(target: PointerTarget, value: Json, replace: boolean): void {
  if (Array.isArray(target.parent)) {
    const index = arrayIndex(target.parent, target.key, !replace);
    target.parent.splice(index, replace ? 1 : 0, value);
  } else {
    target.parent[target.key] = value;
  }
}

function remove(target: PointerTarget, op: string, path: string): void {
  if (Array.isArray(target.parent)) {
    target.parent.splice(arrayIndex(target.parent, target.key, false), 1);
  } else {
    if (!(target.key in target.parent)) throw unprocessable(`jsonpatch ${op} operation does not apply: doc is missing key: ${path}`);
    delete target.parent[target.key];
  }
}

/**
 * Strategic merge patch, simplified: a merge patch in which lists with a known merge key merge
 * item by item and honour `$patch: delete` on items, and `$patch: replace` on maps.
 */
export function applyStrategicMergePatch(target: Json, patch: Json, semantics: ListSemanticsLookup, names: string[] = []): Json {
  if (isPlainObject(patch)) {
    if (patch.$patch === 'replace') {
      const { $patch: _ignored, ...rest } = patch;
      return structuredClone(rest);
    }
    const result: Record<string, Json> = isPlainObject(target) ? { ...target } : {};
    for (const [key, value] of Object.entries(patch)) {
      if (key.startsWith('$')) continue;
      if (value === null) delete result[key];
      else result[key] = applyStrategicMergePatch(result[key], value, semantics, [...names, key]);
    }
    return result;
  }
  if (Array.isArray(patch) && Array.isArray(target)) {
    const list = semantics(names);
    if (list.type === 'map') {
      const keyOf = (item: Json) => (isPlainObject(item) ? JSON.stringify(list.keys.map(k => item[k])) : undefined);
      const result = [...target];
      for (const item of patch) {
        const key = keyOf(item);
        const index = key === undefined ? -1 : result.findIndex(existing => keyOf(existing) === key);
        if (isPlainObject(item) && item.$patch === 'delete') {
          if (index >= 0) result.splice(index, 1);
        } else if (index >= 0) {
          result[index] = applyStrategicMergePatch(result[index], item, semantics, names);
        } else {
          result.push(applyStrategicMergePatch(undefined, item, semantics, names));
        }
      }
      return result;
    }
  }
  return structuredClone(patch);
}
