import type { ManagedFieldsEntry } from '@aks-traffic/backstage-plugin-traffic-common';
import { StatusError, type StatusCause } from './errors';
import { collectFields, deepEqual, describePath, ITEM, isPlainObject, mergeApplied, PATH_SEPARATOR, removePath, toFieldsV1 } from './fieldSets';
import type { ListSemanticsLookup } from './listSemantics';

/** One manager's ownership record (a `metadata.managedFields` entry with its fields as a set). */
export interface ManagedEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  subresource?: string;
  apiVersion: string;
  time: string;
  fields: Set<string>;
}

type Json = unknown;

function sameEntry(entry: ManagedEntry, manager: string, operation: 'Apply' | 'Update', subresource: string | undefined): boolean {
  return entry.manager === manager && entry.operation === operation && entry.subresource === subresource;
}

function ownedByOthers(entries: ManagedEntry[], self: ManagedEntry | undefined, path: string): boolean {
  const prefix = path + PATH_SEPARATOR;
  return entries.some(entry => entry !== self && [...entry.fields].some(p => p === path || p.startsWith(prefix)));
}

export interface ApplyInput {
  live: Record<string, Json>;
  applied: Record<string, Json>;
  manager: string;
  force: boolean;
  subresource?: string;
  apiVersion: string;
  entries: ManagedEntry[];
  semantics: ListSemanticsLookup;
  now: string;
  /** For conflict messages. */
  group: string;
  plural: string;
  name: string;
}

/**
 * Server-side apply of `applied` by `manager` onto `live`. Conflicts (a field another manager
 * owns, set to a different value) fail with 409 unless forced, in which case ownership moves.
 * Fields the manager applied before but no longer applies are removed unless someone else owns them.
 */
export function serverSideApply(input: ApplyInput): { object: Record<string, Json>; entries: ManagedEntry[] } {
  const { manager, subresource, semantics } = input;
  const appliedFields = collectFields(input.applied, semantics);
  const liveFields = collectFields(input.live, semantics);
  const entries = input.entries.map(entry => ({ ...entry, fields: new Set(entry.fields) }));
  const own = entries.find(entry => sameEntry(entry, manager, 'Apply', subresource));

  const conflicts: Array<{ entry: ManagedEntry; path: string }> = [];
  for (const entry of entries) {
    if (entry === own) continue;
    for (const path of entry.fields) {
      if (!appliedFields.has(path)) continue;
      const appliedValue = appliedFields.get(path);
      if (appliedValue === ITEM) continue;
      if (!liveFields.has(path) || !deepEqual(liveFields.get(path), appliedValue)) conflicts.push({ entry, path });
    }
  }
  if (conflicts.length > 0 && !input.force) {
    const causes: StatusCause[] = conflicts.map(({ entry, path }) => ({
      reason: 'FieldManagerConflict',
      message: `conflict with "${entry.manager}" using ${entry.apiVersion}`,
      field: describePath(path),
    }));
    const count = causes.length;
    const listing = count === 1 ? `${causes[0].message}: ${causes[0].field}` : `\n${causes.map(c => `- ${c.message}: ${c.field}`).join('\n')}`;
    throw new StatusError(409, 'Conflict', `Apply failed with ${count} conflict${count === 1 ? '' : 's'}: ${listing}`, {
      name: input.name,
      group: input.group,
      kind: input.plural,
      causes,
    });
  }
  for (const { entry, path } of conflicts) entry.fields.delete(path);

  const object = mergeApplied(input.live, input.applied, semantics) as Record<string, Json>;
  if (own) removeDroppedFields(object, own, entries, appliedFields);

  const fields = new Set(appliedFields.keys());
  const next = entries.filter(entry => entry !== own);
  if (fields.size > 0) {
    const changed = !own || !setsEqual(own.fields, fields);
    next.push({ manager, operation: 'Apply', subresource, apiVersion: input.apiVersion, time: changed || !own ? input.now : own.time, fields });
  }
  return { object, entries: next.filter(entry => entry.fields.size > 0) };
}

/**
 * Removes what `own` applied before but no longer applies, unless another manager owns it. Whole
 * list items go first (shallowest first) so that their leaves, and the key fields that locate
 * them, are not removed one by one.
 */
function removeDroppedFields(object: Record<string, Json>, own: ManagedEntry, entries: ManagedEntry[], applied: Map<string, Json>): void {
  const dropped = [...own.fields].filter(path => !applied.has(path) && !ownedByOthers(entries, own, path));
  dropped.sort((a, b) => a.split(PATH_SEPARATOR).length - b.split(PATH_SEPARATOR).length);
  const removedItems: string[] = [];
  for (const path of dropped) {
    if (removedItems.some(item => path.startsWith(item + PATH_SEPARATOR))) continue;
    const elements = path.split(PATH_SEPARATOR);
    const last = elements[elements.length - 1];
    const parent = elements[elements.length - 2];
    if (last.startsWith('f:') && parent?.startsWith('k:') && last.slice(2) in (JSON.parse(parent.slice(2)) as object)) continue;
    removePath(object, path);
    if (last.startsWith('k:')) removedItems.push(path);
  }
}

function setsEqual(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every(x => b.has(x));
}

export interface UpdateInput {
  before: Record<string, Json> | undefined;
  after: Record<string, Json>;
  manager: string;
  subresource?: string;
  apiVersion: string;
  entries: ManagedEntry[];
  semantics: ListSemanticsLookup;
  now: string;
}

/**
 * Ownership after a non-apply write (create, update, patch): the writer takes every field it
 * changed, away from whoever owned it; removed fields leave every set.
 */
export function trackUpdate(input: UpdateInput): ManagedEntry[] {
  const beforeFields = input.before ? collectFields(input.before, input.semantics) : new Map<string, Json>();
  const afterFields = collectFields(input.after, input.semantics);
  const changed: string[] = [];
  for (const [path, value] of afterFields) {
    if (!beforeFields.has(path)) changed.push(path);
    else if (value !== ITEM && !deepEqual(beforeFields.get(path), value)) changed.push(path);
  }
  const removed = [...beforeFields.keys()].filter(path => !afterFields.has(path));
  if (changed.length === 0 && removed.length === 0) return input.entries;

  const entries = input.entries.map(entry => ({ ...entry, fields: new Set(entry.fields) }));
  for (const entry of entries) {
    for (const path of changed) entry.fields.delete(path);
    for (const path of removed) entry.fields.delete(path);
  }
  let own = entries.find(entry => sameEntry(entry, input.manager, 'Update', input.subresource));
  if (!own && changed.length > 0) {
    own = { manager: input.manager, operation: 'Update', subresource: input.subresource, apiVersion: input.apiVersion, time: input.now, fields: new Set() };
    entries.push(own);
  }
  if (own) {
    for (const path of changed) own.fields.add(path);
    own.time = input.now;
    own.apiVersion = input.apiVersion;
  }
  return entries.filter(entry => entry.fields.size > 0);
}

/** Renders ownership records as `metadata.managedFields`. */
export function renderManagedFields(entries: ManagedEntry[]): ManagedFieldsEntry[] {
  return entries.map(entry => ({
    manager: entry.manager,
    operation: entry.operation,
    apiVersion: entry.apiVersion,
    time: entry.time,
    fieldsType: 'FieldsV1' as const,
    fieldsV1: toFieldsV1(entry.fields),
    ...(entry.subresource ? { subresource: entry.subresource } : {}),
  }));
}

/** Reads `metadata.managedFields` back into ownership records (best effort; unknown shapes are skipped). */
export function parseManagedFields(managedFields: unknown): ManagedEntry[] {
  if (!Array.isArray(managedFields)) return [];
  const entries: ManagedEntry[] = [];
  for (const raw of managedFields) {
    if (!isPlainObject(raw) || typeof raw.manager !== 'string') continue;
    const fields = new Set<string>();
    const walk = (node: unknown, prefix: string) => {
      if (!isPlainObject(node)) return;
      const children = Object.keys(node).filter(k => k !== '.');
      if (children.length === 0 || '.' in node) {
        if (prefix) fields.add(prefix);
      }
      for (const key of children) walk(node[key], prefix ? `${prefix}${PATH_SEPARATOR}${key}` : key);
    };
    walk(raw.fieldsV1, '');
    entries.push({
      manager: raw.manager,
      operation: raw.operation === 'Apply' ? 'Apply' : 'Update',
      subresource: typeof raw.subresource === 'string' ? raw.subresource : undefined,
      apiVersion: typeof raw.apiVersion === 'string' ? raw.apiVersion : '',
      time: typeof raw.time === 'string' ? raw.time : '',
      fields,
    });
  }
  return entries;
}
