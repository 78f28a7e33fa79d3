import type { KubeObject, OwnerReference } from '@aks-traffic/backstage-plugin-traffic-common';
import type { MemoryObjectStore } from './memoryStore';
import type { StoredEntry } from './objectIndex';
import type { ResourceType, WriteOptions } from './types';
import { conflict } from './errors';

export interface DeleteOutcome {
  /** The object as deleted, or as now marked for deletion. */
  object: KubeObject;
  /** True when the object still exists with a deletionTimestamp (finalizers, namespace cleanup). */
  pending: boolean;
}

/**
 * DELETE as the API server and its garbage collector do it: objects with finalizers and
 * namespaces are only marked; others go at once, and their dependents (ownerReferences) are
 * collected in the background.
 */
/** DeleteOptions.preconditions, with the API server's 409 message. */
function checkPreconditions(resource: ResourceType, current: KubeObject, preconditions: WriteOptions['preconditions']): void {
  const { uid, resourceVersion } = preconditions ?? {};
  let why: string | undefined;
  if (uid && uid !== current.metadata.uid) {
    why = `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${current.metadata.uid ?? ''}`;
  } else if (resourceVersion && resourceVersion !== current.metadata.resourceVersion) {
    why = `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion ?? ''}`;
  }
  if (why) throw conflict(resource.group, resource.plural, current.metadata.name, why);
}

export function deleteObject(store: MemoryObjectStore, resource: ResourceType, namespace: string | undefined, name: string, options: WriteOptions): DeleteOutcome | undefined {
  const entry = store.entry(resource, namespace, name);
  if (!entry) return undefined;
  const current = store.present(entry, resource);
  checkPreconditions(resource, current, options.preconditions);
  if (options.dryRun) return { object: current, pending: false };

  if (resource.kind === 'Namespace') {
    if (entry.object.metadata.deletionTimestamp) return { object: current, pending: true };
    const marked = store.updateInternally(resource, entry, {
      ...current,
      metadata: { ...current.metadata, deletionTimestamp: store.now() },
      status: { ...(current.status ?? {}), phase: 'Terminating' },
    });
    store.defer(() => purgeNamespace(store, resource, name));
    return { object: marked, pending: true };
  }

  const finalizers = entry.object.metadata.finalizers as string[] | undefined;
  if (finalizers && finalizers.length > 0) {
    if (entry.object.metadata.deletionTimestamp) return { object: current, pending: true };
    const marked = store.updateInternally(resource, entry, { ...current, metadata: { ...current.metadata, deletionTimestamp: store.now() } });
    return { object: marked, pending: true };
  }

  const removed = store.remove(resource, entry);
  const uid = entry.object.metadata.uid;
  if (uid) {
    const policy = options.propagationPolicy ?? 'Background';
    store.defer(() => collectDependents(store, uid, resource.namespaced ? namespace : undefined, policy));
  }
  const answer = structuredClone(removed);
  answer.apiVersion = current.apiVersion;
  return { object: answer, pending: false };
}

function purgeNamespace(store: MemoryObjectStore, namespaces: ResourceType, name: string): void {
  const contents: Array<{ resource: ResourceType; entry: StoredEntry }> = [...store.allEntries(name)];
  for (const { resource, entry } of contents) store.remove(resource, entry);
  const namespace = store.entry(namespaces, undefined, name);
  if (namespace) store.remove(namespaces, namespace);
}

/** The garbage collector's pass for one deleted owner. */
function collectDependents(store: MemoryObjectStore, ownerUid: string, ownerNamespace: string | undefined, policy: 'Background' | 'Foreground' | 'Orphan'): void {
  const dependents: Array<{ resource: ResourceType; entry: StoredEntry }> = [];
  for (const candidate of store.allEntries(ownerNamespace)) {
    const references = candidate.entry.object.metadata.ownerReferences as OwnerReference[] | undefined;
    if (references?.some(reference => reference.uid === ownerUid)) dependents.push(candidate);
  }
  for (const { resource, entry } of dependents) {
    const current = store.entry(resource, entry.object.metadata.namespace, entry.object.metadata.name);
    if (!current) continue;
    const references = (current.object.metadata.ownerReferences ?? []) as OwnerReference[];
    const remainingOwners = references.filter(reference => reference.uid !== ownerUid && store.locate(reference.uid));
    if (policy === 'Orphan' || remainingOwners.length > 0) {
      const copy = store.present(current, resource);
      const kept = references.filter(reference => reference.uid !== ownerUid);
      if (kept.length > 0) copy.metadata.ownerReferences = kept;
      else delete copy.metadata.ownerReferences;
      store.updateInternally(resource, current, copy);
    } else {
      deleteObject(store, resource, current.object.metadata.namespace, current.object.metadata.name, { propagationPolicy: policy });
    }
  }
}
