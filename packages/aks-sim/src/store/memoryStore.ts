import { randomUUID } from 'node:crypto';
import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import { admit, defaultCrdValidator, type CrdValidator, type GatewayApiVersion } from './admission';
import { badRequest, conflict, expired, invalid, notFound, alreadyExists, StatusError } from './errors';
import { EventLog, type CommittedEvent, type CommittedListener } from './eventLog';
import { isPlainObject } from './fieldSets';
import { listSemanticsFor } from './listSemantics';
import { renderManagedFields, serverSideApply, trackUpdate, type ManagedEntry } from './managedFields';
import { canonicalOrder, generatedName, nowTimestamp, specChanged, stripServerMetadata, withoutServerMetadata } from './objectMeta';
import { decodeContinue, deepFreeze, encodeContinue, keyOf, KindIndex, type StoredEntry } from './objectIndex';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from './patches';
import { apiVersionOf, ResourceRegistry, storageKeyOf, tracksGeneration } from './resources';
import { compileFieldSelector, compileLabelSelector, pinnedField } from './selectors';
import { deleteObject, type DeleteOutcome } from './deletion';
import type { ListOptions, ObjectStore, PatchType, ResourceType, StoreEvent, WriteOptions } from './types';

export interface MemoryObjectStoreOptions {
  registry: ResourceRegistry;
  gatewayApiVersion: GatewayApiVersion;
  /** Schema/CEL validation of CRD kinds; defaults to traffic-common's validator. */
  crdValidator?: CrdValidator;
  /** How many changes watches can resume across (older versions get 410 Gone). */
  historySize?: number;
  /** Runs background work (garbage collection, namespace cleanup); defaults to setImmediate. */
  defer?: (work: () => void) => void;
  clock?: () => Date;
}

export interface PagedListOptions extends ListOptions {
  limit?: number;
  continue?: string;
}

export interface ListPage {
  entries: StoredEntry[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

/** Manager name for in-process writes that do not name one. */
const DEFAULT_MANAGER = 'aks-sim';

/** The in-memory object store of one simulated cluster (see ObjectStore). */
export class MemoryObjectStore implements ObjectStore {
  readonly registry: ResourceRegistry;
  readonly log: EventLog;
  private readonly kinds = new Map<string, KindIndex>();
  private readonly uids = new Map<string, { resource: ResourceType; namespace: string; name: string }>();
  private resourceVersion = 1;
  private readonly jsonCache = new WeakMap<object, string>();
  private readonly options: MemoryObjectStoreOptions;
  readonly defer: (work: () => void) => void;
  private readonly clock: () => Date;

  constructor(options: MemoryObjectStoreOptions) {
    this.options = options;
    this.registry = options.registry;
    this.log = new EventLog(options.historySize ?? 10_000, this.resourceVersion);
    this.defer = options.defer ?? (work => setImmediate(work));
    this.clock = options.clock ?? (() => new Date());
  }

  // ---- reads -------------------------------------------------------------------------------

  resourceTypes(): ResourceType[] {
    return this.registry.all();
  }

  resourceFor(apiVersion: string, kind: string): ResourceType | undefined {
    return this.registry.byKind(apiVersion, kind);
  }

  currentResourceVersion(): number {
    return this.resourceVersion;
  }

  get(resource: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const entry = this.entry(resource, namespace, name);
    return entry ? this.present(entry, resource) : undefined;
  }

  list(resource: ResourceType, options: ListOptions = {}): KubeObject[] {
    return this.listPage(resource, options).entries.map(entry => this.present(entry, resource));
  }

  /** The stored (frozen, shared) entry; callers must not mutate it. */
  entry(resource: ResourceType, namespace: string | undefined, name: string): StoredEntry | undefined {
    return this.kinds.get(storageKeyOf(resource))?.get(resource.namespaced ? namespace ?? '' : '', name);
  }

  /** LIST with selectors and paging over shared entries (no copies; see `jsonOf`). */
  listPage(resource: ResourceType, options: PagedListOptions = {}): ListPage {
    const index = this.kinds.get(storageKeyOf(resource));
    const labelMatches = compileLabelSelector(options.labelSelector);
    const fieldMatches = compileFieldSelector(options.fieldSelector, resource.kind);
    let listVersion = this.resourceVersion;
    let start: string | undefined;
    if (options.continue) {
      const token = decodeContinue(options.continue);
      if (!token) throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
      if (token.rv < this.log.compactedResourceVersion) {
        throw expired('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
      }
      listVersion = token.rv;
      start = token.start;
    }
    const namespace = resource.namespaced ? options.namespace ?? pinnedField(options.fieldSelector, 'metadata.namespace') : undefined;
    const pinnedName = pinnedField(options.fieldSelector, 'metadata.name');
    const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
    const entries: StoredEntry[] = [];
    let next: string | undefined;
    let remaining = 0;
    let candidates: Iterable<StoredEntry> = [];
    if (index && pinnedName !== undefined && namespace !== undefined) {
      // metadata.name pinned in one namespace: a direct lookup instead of a scan.
      const pinned = index.get(namespace, pinnedName);
      candidates = pinned ? [pinned] : [];
    } else if (index) {
      candidates = index.ordered(namespace);
    }
    for (const entry of candidates) {
      if (start !== undefined && keyOf(entry.object) < start) continue;
      if (!labelMatches(entry.object) || !fieldMatches(entry.object)) continue;
      if (entries.length < limit) entries.push(entry);
      else {
        next ??= encodeContinue(listVersion, keyOf(entries[entries.length - 1].object));
        remaining++;
        if (options.labelSelector || options.fieldSelector) break;
      }
    }
    return {
      entries,
      resourceVersion: String(listVersion),
      ...(next ? { continue: next } : {}),
      ...(next && !options.labelSelector && !options.fieldSelector ? { remainingItemCount: remaining } : {}),
    };
  }

  /**
   * The JSON of a stored (frozen) object as served in `apiVersion`. Cached per object version and
   * shared by every LIST and WATCH that serves it; converting versions only rewrites apiVersion.
   */
  jsonOf(object: KubeObject, apiVersion: string): string {
    let json = this.jsonCache.get(object);
    if (json === undefined) {
      json = JSON.stringify(object);
      this.jsonCache.set(object, json);
    }
    if (apiVersion === object.apiVersion) return json;
    const prefix = `{"apiVersion":${JSON.stringify(object.apiVersion)}`;
    return `{"apiVersion":${JSON.stringify(apiVersion)}${json.slice(prefix.length)}`;
  }

  /** A mutable copy of a stored object, in the version of `resource`. */
  present(entry: StoredEntry, resource: ResourceType): KubeObject {
    const copy = structuredClone(entry.object);
    copy.apiVersion = apiVersionOf(resource);
    return copy;
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    return this.log.subscribe(event => {
      let copy: KubeObject | undefined;
      const presented = apiVersionOf(event.resource);
      listener({
        type: event.type,
        resource: event.resource,
        resourceVersion: event.resourceVersion,
        // Copied on first access so listeners that only look at the type pay nothing.
        get object() {
          if (!copy) {
            copy = structuredClone(event.object);
            copy.apiVersion = presented;
          }
          return copy;
        },
      });
    });
  }

  /** Listener on the shared committed events (watches); must not mutate them. */
  subscribeCommitted(listener: CommittedListener): () => void {
    return this.log.subscribe(listener);
  }

  /** Finds the resource type of an object by uid (garbage collection). */
  locate(uid: string): { resource: ResourceType; namespace: string; name: string } | undefined {
    return this.uids.get(uid);
  }

  /** Every stored entry of every kind (garbage collection scans). */
  *allEntries(namespace?: string): Generator<{ resource: ResourceType; entry: StoredEntry }> {
    for (const resource of this.storageResources()) {
      const index = this.kinds.get(storageKeyOf(resource));
      if (!index || (namespace !== undefined && !resource.namespaced)) continue;
      for (const entry of index.ordered(namespace)) yield { resource, entry };
    }
  }

  private storageResources(): ResourceType[] {
    const seen = new Map<string, ResourceType>();
    for (const type of this.registry.all()) seen.set(storageKeyOf(type), this.registry.storageVersion(type));
    return [...seen.values()];
  }

  // ---- writes ------------------------------------------------------------------------------

  create(object: KubeObject, options: WriteOptions = {}): KubeObject {
    const resource = this.requireResource(object);
    const candidate = withoutServerMetadata(object);
    const namespace = this.namespaceFor(resource, candidate);
    if (!candidate.metadata.name && typeof candidate.metadata.generateName === 'string') {
      candidate.metadata.name = generatedName(candidate.metadata.generateName);
    }
    const name = candidate.metadata.name;
    this.checkNamespaceAcceptsWrites(resource, namespace, name);
    if (name && this.entry(resource, namespace, name)) throw alreadyExists(resource.group, resource.plural, name);
    if (resource.statusSubresource) delete candidate.status;
    const manager = options.fieldManager ?? DEFAULT_MANAGER;
    const managed = trackUpdate({ before: undefined, after: candidate, manager, apiVersion: apiVersionOf(resource), entries: [], semantics: listSemanticsFor(resource.kind), now: this.now() });
    return this.write({ resource, namespace, before: undefined, candidate, managed, dryRun: options.dryRun });
  }

  replace(object: KubeObject, options: WriteOptions = {}): KubeObject {
    const resource = this.requireResource(object);
    const namespace = this.namespaceFor(resource, object);
    const name = object.metadata?.name;
    if (!name) throw badRequest('name is required');
    const before = this.entry(resource, namespace, name);
    if (!before) throw notFound(resource.group, resource.plural, name);
    const requested = object.metadata.resourceVersion;
    if (requested !== undefined && requested !== '' && String(requested) !== before.object.metadata.resourceVersion) {
      throw conflict(resource.group, resource.plural, name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    if ((requested === undefined || requested === '') && resource.crd) {
      const causes = [{ reason: 'FieldValueInvalid', message: 'Invalid value: 0x0: must be specified for an update', field: 'metadata.resourceVersion' }];
      throw invalid(resource.group, resource.kind, name, `${resource.kind}.${resource.group} "${name}" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update`, causes);
    }
    return this.updateFrom(resource, before, withoutServerMetadata(object), options);
  }

  patch(resource: ResourceType, namespace: string | undefined, name: string, patch: { type: PatchType; body: unknown }, options: WriteOptions = {}): KubeObject {
    if (patch.type === 'apply') return this.applyTo(resource, namespace, name, patch.body, { ...options, fieldManager: options.fieldManager ?? '' });
    const before = this.entry(resource, namespace, name);
    if (!before) throw notFound(resource.group, resource.plural, name);
    const current = this.present(before, resource);
    let patched: unknown;
    if (patch.type === 'json') patched = applyJsonPatch(current, patch.body);
    else if (patch.type === 'merge') patched = applyMergePatch(current, patch.body);
    else patched = applyStrategicMergePatch(current, patch.body, listSemanticsFor(resource.kind));
    if (!isPlainObject(patched) || !isPlainObject(patched.metadata)) throw badRequest('the patch produced an object without metadata');
    const result = patched as KubeObject;
    if (result.metadata.resourceVersion !== undefined && result.metadata.resourceVersion !== before.object.metadata.resourceVersion) {
      throw conflict(resource.group, resource.plural, name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    // A patch cannot move or retype an object.
    result.apiVersion = apiVersionOf(resource);
    result.kind = resource.kind;
    result.metadata.name = name;
    if (resource.namespaced) result.metadata.namespace = namespace;
    return this.updateFrom(resource, before, withoutServerMetadata(result), options);
  }

  apply(object: KubeObject, options: WriteOptions & { fieldManager: string; force?: boolean }): KubeObject {
    const resource = this.requireResource(object);
    const namespace = this.namespaceFor(resource, object);
    return this.applyTo(resource, namespace, object.metadata?.name, object, options);
  }

  updateStatus(resource: ResourceType, namespace: string | undefined, name: string, update: (current: KubeObject) => unknown | undefined, options: WriteOptions = {}): KubeObject | undefined {
    const before = this.entry(resource, namespace, name);
    if (!before) return undefined;
    // The callback gets its own copy; only the status it returns is used.
    const status = update(this.present(before, resource));
    if (status === undefined) return this.present(before, resource);
    if (JSON.stringify(status) === JSON.stringify(before.object.status)) return this.present(before, resource);
    return this.updateFrom(resource, before, { status } as unknown as KubeObject, { ...options, subresource: 'status', fieldManager: options.fieldManager ?? DEFAULT_MANAGER });
  }

  delete(resource: ResourceType, namespace: string | undefined, name: string, options: WriteOptions = {}): KubeObject | undefined {
    return this.deleteWithOutcome(resource, namespace, name, options)?.object;
  }

  /** DELETE, telling whether the object is gone or only marked for deletion (finalizers, namespaces). */
  deleteWithOutcome(resource: ResourceType, namespace: string | undefined, name: string, options: WriteOptions = {}): DeleteOutcome | undefined {
    return deleteObject(this, resource, namespace, name, options);
  }

  // ---- internals shared with deletion ------------------------------------------------------

  /** Writes a server-side change to an existing object (deletionTimestamp, GC ownerReferences). */
  updateInternally(resource: ResourceType, before: StoredEntry, candidate: KubeObject, dryRun?: boolean): KubeObject {
    const deletionTimestamp = candidate.metadata.deletionTimestamp;
    return this.write({ resource, namespace: before.object.metadata.namespace, before, candidate: withoutServerMetadata(candidate), managed: before.managed, dryRun, skipAdmission: true, deletionTimestamp });
  }

  /** Removes an object now and emits DELETED. */
  remove(resource: ResourceType, entry: StoredEntry): KubeObject {
    const storage = this.registry.storageVersion(resource);
    const { namespace, name, uid } = entry.object.metadata;
    const rv = ++this.resourceVersion;
    const object = deepFreeze({ ...entry.object, metadata: { ...entry.object.metadata, resourceVersion: String(rv) } });
    this.kinds.get(storageKeyOf(storage))?.delete(namespace ?? '', name);
    if (uid) this.uids.delete(uid);
    this.log.append({ type: 'DELETED', resource: storage, object, resourceVersion: rv, storageKey: storageKeyOf(storage), oldObject: entry.object, lines: new Map() });
    return object;
  }

  now(): string {
    return nowTimestamp(this.clock);
  }

  private applyTo(resource: ResourceType, namespace: string | undefined, name: string | undefined, body: unknown, options: WriteOptions): KubeObject {
    if (!options.fieldManager) throw badRequest('PATCH /apply requires fieldManager');
    if (!isPlainObject(body)) throw badRequest('the apply body must be an object');
    const applied = body as KubeObject;
    const expectedApiVersion = apiVersionOf(resource);
    if (applied.apiVersion !== expectedApiVersion) throw badRequest(`the API version in the data (${String(applied.apiVersion)}) does not match the expected API version (${expectedApiVersion})`);
    if (applied.kind !== resource.kind) throw badRequest(`the kind in the data (${String(applied.kind)}) does not match the expected kind (${resource.kind})`);
    if (!isPlainObject(applied.metadata) || !applied.metadata.name) throw badRequest('metadata.name: Required value: name is required');
    if (name !== undefined && applied.metadata.name !== name) throw badRequest(`the name of the object (${String(applied.metadata.name)}) does not match the name on the URL (${name})`);
    const objectName = String(applied.metadata.name);
    const subresource = options.subresource;
    const config = withoutServerMetadata(applied);
    if (resource.namespaced) config.metadata.namespace = namespace;
    else delete config.metadata.namespace;
    if (subresource === 'status') {
      for (const key of Object.keys(config)) if (!['apiVersion', 'kind', 'metadata', 'status'].includes(key)) delete config[key];
      config.metadata = { name: objectName, ...(resource.namespaced ? { namespace } : {}) };
    } else if (resource.statusSubresource) {
      delete config.status;
    }
    const before = this.entry(resource, namespace, objectName);
    const requested = applied.metadata.resourceVersion;
    if (before && requested !== undefined && String(requested) !== before.object.metadata.resourceVersion) {
      throw conflict(resource.group, resource.plural, objectName, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    if (!before) {
      if (subresource === 'status') throw notFound(resource.group, resource.plural, objectName);
      this.checkNamespaceAcceptsWrites(resource, namespace, objectName);
    }
    const live = before
      ? this.present(before, resource)
      : ({ apiVersion: expectedApiVersion, kind: resource.kind, metadata: { name: objectName, ...(resource.namespaced ? { namespace } : {}) } } as KubeObject);
    const { object, entries } = serverSideApply({
      live: live as unknown as Record<string, unknown>,
      applied: config as unknown as Record<string, unknown>,
      manager: options.fieldManager!,
      force: options.force === true,
      subresource,
      apiVersion: expectedApiVersion,
      entries: before?.managed ?? [],
      semantics: listSemanticsFor(resource.kind),
      now: this.now(),
      group: resource.group,
      plural: resource.plural,
      name: objectName,
    });
    const candidate = withoutServerMetadata(object as unknown as KubeObject);
    return this.write({ resource, namespace, before, candidate, managed: entries, dryRun: options.dryRun });
  }

  private updateFrom(resource: ResourceType, before: StoredEntry, incoming: KubeObject, options: WriteOptions): KubeObject {
    const current = stripServerMetadata(this.present(before, resource));
    let candidate: KubeObject;
    if (options.subresource === 'status') {
      // CRD admission copies what it validates, so the candidate may share the unchanged spec with
      // `current`; built-in admission defaults in place and needs its own copy.
      const base = resource.crd ? { ...current, metadata: { ...current.metadata } } : structuredClone(current);
      candidate = { ...base, status: structuredClone(incoming.status) };
    } else {
      candidate = incoming;
      candidate.metadata.namespace = current.metadata.namespace;
      if (resource.statusSubresource) {
        if (current.status === undefined) delete candidate.status;
        else candidate.status = structuredClone(current.status);
      }
    }
    const managed = trackUpdate({
      before: current,
      after: candidate,
      manager: options.fieldManager ?? DEFAULT_MANAGER,
      subresource: options.subresource,
      apiVersion: apiVersionOf(resource),
      entries: before.managed,
      semantics: listSemanticsFor(resource.kind),
      now: this.now(),
    });
    const result = this.write({ resource, namespace: current.metadata.namespace, before, candidate, managed, dryRun: options.dryRun, old: current });
    // An object waiting for its finalizers goes once the last one is removed.
    if (!options.dryRun && result.metadata.deletionTimestamp && !(result.metadata.finalizers as unknown[] | undefined)?.length && resource.kind !== 'Namespace') {
      const entry = this.entry(resource, result.metadata.namespace, result.metadata.name);
      if (entry) this.remove(resource, entry);
    }
    return result;
  }

  private write(params: {
    resource: ResourceType;
    namespace: string | undefined;
    before: StoredEntry | undefined;
    candidate: KubeObject;
    managed: ManagedEntry[];
    dryRun?: boolean;
    skipAdmission?: boolean;
    /** The current object in the request version, when the caller already made that copy. */
    old?: KubeObject;
    /** Set by the server itself when deletion starts (clients cannot set it). */
    deletionTimestamp?: string;
  }): KubeObject {
    const { resource, before } = params;
    const storage = this.registry.storageVersion(resource);
    let candidate = params.candidate;
    candidate.apiVersion = apiVersionOf(resource);
    candidate.kind = resource.kind;
    if (resource.namespaced) candidate.metadata.namespace = params.namespace;
    else delete candidate.metadata.namespace;
    const old = params.old ?? (before ? this.present(before, resource) : undefined);
    if (!params.skipAdmission) {
      candidate = admit(resource, candidate, old, { gatewayApiVersion: this.options.gatewayApiVersion, crdValidator: this.options.crdValidator ?? defaultCrdValidator });
    }
    const meta = candidate.metadata;
    meta.uid = before?.object.metadata.uid ?? randomUUID();
    meta.creationTimestamp = before?.object.metadata.creationTimestamp ?? this.now();
    const deletionTimestamp = before?.object.metadata.deletionTimestamp ?? params.deletionTimestamp;
    if (deletionTimestamp) meta.deletionTimestamp = deletionTimestamp;
    if (tracksGeneration(resource)) {
      const previous = before?.object.metadata.generation ?? 0;
      meta.generation = !old || specChanged(old, candidate, resource.statusSubresource) ? previous + 1 : previous;
    }
    meta.managedFields = renderManagedFields(params.managed);
    candidate.apiVersion = apiVersionOf(storage);
    if (params.dryRun) {
      meta.resourceVersion = before?.object.metadata.resourceVersion;
      const answer = canonicalOrder(candidate);
      answer.apiVersion = apiVersionOf(resource);
      return answer;
    }
    const rv = ++this.resourceVersion;
    meta.resourceVersion = String(rv);
    const object = deepFreeze(canonicalOrder(candidate));
    const name = meta.name;
    let index = this.kinds.get(storageKeyOf(storage));
    if (!index) {
      index = new KindIndex();
      this.kinds.set(storageKeyOf(storage), index);
    }
    index.set(resource.namespaced ? params.namespace ?? '' : '', name, { object, managed: params.managed, resourceVersion: rv });
    this.uids.set(meta.uid, { resource: storage, namespace: params.namespace ?? '', name });
    const event: CommittedEvent = { type: before ? 'MODIFIED' : 'ADDED', resource: storage, object, resourceVersion: rv, storageKey: storageKeyOf(storage), oldObject: before?.object, lines: new Map() };
    this.log.append(event);
    const answer = structuredClone(object);
    answer.apiVersion = apiVersionOf(resource);
    return answer;
  }

  private requireResource(object: KubeObject): ResourceType {
    if (!isPlainObject(object) || typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') {
      throw badRequest('Object \'Kind\' is missing in the request body');
    }
    const resource = this.registry.byKind(object.apiVersion, object.kind);
    if (!resource) throw new StatusError(404, 'NotFound', `no matches for kind "${object.kind}" in version "${object.apiVersion}"`);
    return resource;
  }

  private namespaceFor(resource: ResourceType, object: KubeObject): string | undefined {
    if (!resource.namespaced) return undefined;
    return (object.metadata?.namespace as string | undefined) || 'default';
  }

  private checkNamespaceAcceptsWrites(resource: ResourceType, namespace: string | undefined, name: string | undefined): void {
    if (!resource.namespaced || namespace === undefined) return;
    const namespaces = this.registry.byKind('v1', 'Namespace')!;
    const entry = this.entry(namespaces, undefined, namespace);
    if (!entry) throw notFound('', 'namespaces', namespace);
    if (entry.object.metadata.deletionTimestamp) {
      const message = `${resource.plural} "${name ?? ''}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`;
      throw new StatusError(403, 'Forbidden', message, {
        name,
        group: resource.group,
        kind: resource.plural,
        causes: [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }],
      });
    }
  }
}
