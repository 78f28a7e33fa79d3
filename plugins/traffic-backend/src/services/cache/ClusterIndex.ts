import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import { GATEWAY_NAME_LABEL, KUBERNETES_ID_LABEL, type SourceId } from './kinds';

/** Secondary indexes: entity lookups never scan a cluster's routes. */
export type IndexName = 'kubernetes-id' | 'backend' | 'parent' | 'gateway-name';

type IndexFn = (object: KubeObject) => string[];

const label = (name: string): IndexFn => o => {
  const value = o.metadata.labels?.[name];
  return value ? [value] : [];
};

const namespaceOf = (o: KubeObject) => o.metadata.namespace ?? '';

/** `namespace/name` of each backendRef that is a core Service (the default kind). */
const routeBackends: IndexFn = o => {
  const keys = new Set<string>();
  for (const rule of (o.spec?.rules as any[]) ?? []) {
    for (const ref of rule?.backendRefs ?? []) {
      if ((ref?.group ?? '') === '' && (ref?.kind ?? 'Service') === 'Service') {
        keys.add(`${ref.namespace ?? namespaceOf(o)}/${ref.name}`);
      }
    }
  }
  return [...keys];
};

/** `namespace/name` of each parentRef that is a Gateway. */
const routeParents: IndexFn = o => {
  const keys = new Set<string>();
  for (const ref of (o.spec?.parentRefs as any[]) ?? []) {
    if ((ref?.kind ?? 'Gateway') === 'Gateway') {
      keys.add(`${ref.namespace ?? namespaceOf(o)}/${ref.name}`);
    }
  }
  return [...keys];
};

const INDEXES: Partial<Record<SourceId, Partial<Record<IndexName, IndexFn>>>> = {
  HTTPRoute: {
    'kubernetes-id': label(KUBERNETES_ID_LABEL),
    backend: routeBackends,
    parent: routeParents,
  },
  TLSRoute: {
    'kubernetes-id': label(KUBERNETES_ID_LABEL),
    backend: routeBackends,
    parent: routeParents,
  },
  Gateway: { 'kubernetes-id': label(KUBERNETES_ID_LABEL) },
  Service: {
    'kubernetes-id': label(KUBERNETES_ID_LABEL),
    'gateway-name': label(GATEWAY_NAME_LABEL),
  },
  EntityDeployment: { 'kubernetes-id': label(KUBERNETES_ID_LABEL) },
  GatewayDeployment: { 'gateway-name': label(GATEWAY_NAME_LABEL) },
  HorizontalPodAutoscaler: { 'gateway-name': label(GATEWAY_NAME_LABEL) },
  PodDisruptionBudget: { 'gateway-name': label(GATEWAY_NAME_LABEL) },
};

export const objectKey = (o: KubeObject) =>
  `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

function addTo(map: Map<string, Set<string>>, value: string, key: string) {
  let set = map.get(value);
  if (!set) {
    set = new Set();
    map.set(value, set);
  }
  set.add(key);
}

function removeFrom(map: Map<string, Set<string>>, value: string, key: string) {
  const set = map.get(value);
  if (set) {
    set.delete(key);
    if (set.size === 0) {
      map.delete(value);
    }
  }
}

/** The records of one source, keyed `namespace/name`, with a namespace index and its secondary indexes. */
export class SourceStore {
  private objects = new Map<string, KubeObject>();
  private byNamespace = new Map<string, Set<string>>();
  private indexes = new Map<IndexName, Map<string, Set<string>>>();
  private readonly indexFns: Partial<Record<IndexName, IndexFn>>;

  /** Bumped on every change (upsert, remove, replaceAll): views computed from the store are stale. */
  version = 0;

  constructor(
    readonly id: SourceId,
    private readonly onChange?: () => void,
  ) {
    this.indexFns = INDEXES[id] ?? {};
    for (const name of Object.keys(this.indexFns) as IndexName[]) {
      this.indexes.set(name, new Map());
    }
  }

  get size(): number {
    return this.objects.size;
  }

  get(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.objects.get(`${namespace ?? ''}/${name}`);
  }

  getByKey(key: string): KubeObject | undefined {
    return this.objects.get(key);
  }

  /** Any one record (sources that hold a single object). */
  first(): KubeObject | undefined {
    for (const object of this.objects.values()) {
      return object;
    }
    return undefined;
  }

  all(): KubeObject[] {
    return [...this.objects.values()];
  }

  inNamespace(namespace: string): KubeObject[] {
    const keys = this.byNamespace.get(namespace);
    return keys ? [...keys].map(k => this.objects.get(k)!).filter(Boolean) : [];
  }

  /** Records whose index `name` contains `value`. */
  lookup(name: IndexName, value: string): KubeObject[] {
    const keys = this.indexes.get(name)?.get(value);
    return keys ? [...keys].map(k => this.objects.get(k)!).filter(Boolean) : [];
  }

  upsert(object: KubeObject): void {
    this.changed();
    const key = objectKey(object);
    const previous = this.objects.get(key);
    if (previous) {
      this.unindex(key, previous);
    }
    this.objects.set(key, object);
    addTo(this.byNamespace, object.metadata.namespace ?? '', key);
    for (const [name, fn] of Object.entries(this.indexFns) as [IndexName, IndexFn][]) {
      for (const value of fn(object)) {
        addTo(this.indexes.get(name)!, value, key);
      }
    }
  }

  remove(namespace: string | undefined, name: string): void {
    const key = `${namespace ?? ''}/${name}`;
    const previous = this.objects.get(key);
    if (previous) {
      this.changed();
      this.unindex(key, previous);
      this.objects.delete(key);
    }
  }

  /** Replaces everything (after a relist). */
  replaceAll(objects: Iterable<KubeObject>): void {
    this.changed();
    this.objects.clear();
    this.byNamespace.clear();
    for (const index of this.indexes.values()) {
      index.clear();
    }
    for (const object of objects) {
      this.upsert(object);
    }
  }

  /**
   * `replaceAll` that builds the new contents aside, yielding whenever `turn` asks to (time slicing),
   * then swaps them in at once: readers see the old or the new contents, never a mix.
   */
  async replaceAllAsync(
    objects: Iterable<KubeObject>,
    turn: () => Promise<void> | undefined,
  ): Promise<void> {
    const staging = new SourceStore(this.id);
    for (const object of objects) {
      staging.upsert(object);
      const wait = turn();
      if (wait) {
        await wait;
      }
    }
    this.objects = staging.objects;
    this.byNamespace = staging.byNamespace;
    this.indexes = staging.indexes;
    this.changed();
  }

  private changed(): void {
    this.version++;
    this.onChange?.();
  }

  private unindex(key: string, object: KubeObject) {
    removeFrom(this.byNamespace, object.metadata.namespace ?? '', key);
    for (const [name, fn] of Object.entries(this.indexFns) as [IndexName, IndexFn][]) {
      for (const value of fn(object)) {
        removeFrom(this.indexes.get(name)!, value, key);
      }
    }
  }
}

/** Every source of one cluster. Sources that are not served stay empty. */
export class ClusterIndex {
  private readonly sources = new Map<SourceId, SourceStore>();
  /** Bumped on every change of any source: a view computed at an older version is stale. */
  version = 0;
  private readonly bump = () => {
    this.version++;
  };

  source(id: SourceId): SourceStore {
    let store = this.sources.get(id);
    if (!store) {
      store = new SourceStore(id, this.bump);
      this.sources.set(id, store);
    }
    return store;
  }

  /** Total records (for memory accounting). */
  count(id?: SourceId): number {
    if (id) {
      return this.sources.get(id)?.size ?? 0;
    }
    let total = 0;
    for (const store of this.sources.values()) {
      total += store.size;
    }
    return total;
  }
}
