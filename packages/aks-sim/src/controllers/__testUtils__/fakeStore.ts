import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import type {
  ControllerContext,
  ListOptions,
  ObjectStore,
  ResourceType,
  SimulatedClusterInfo,
  StoreEvent,
} from '../../store/types';

/**
 * A small in-memory ObjectStore for controller unit tests: no schema validation, simple
 * `a=b,c` label selectors, generation bumps on spec changes. The real store lives in src/store.
 */
const TYPES: Array<[string, string, string, boolean]> = [
  // apiVersion, kind, plural, namespaced
  ['v1', 'Namespace', 'namespaces', false],
  ['v1', 'Service', 'services', true],
  ['v1', 'Secret', 'secrets', true],
  ['v1', 'ConfigMap', 'configmaps', true],
  ['v1', 'Pod', 'pods', true],
  ['v1', 'Event', 'events', true],
  ['apps/v1', 'Deployment', 'deployments', true],
  ['autoscaling/v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true],
  ['policy/v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true],
  ['gateway.networking.k8s.io/v1', 'GatewayClass', 'gatewayclasses', false],
  ['gateway.networking.k8s.io/v1', 'Gateway', 'gateways', true],
  ['gateway.networking.k8s.io/v1', 'HTTPRoute', 'httproutes', true],
  ['gateway.networking.k8s.io/v1', 'GRPCRoute', 'grpcroutes', true],
  ['gateway.networking.k8s.io/v1beta1', 'ReferenceGrant', 'referencegrants', true],
  ['networking.istio.io/v1', 'ServiceEntry', 'serviceentries', true],
  ['networking.istio.io/v1', 'Gateway', 'gateways', true],
  ['networking.istio.io/v1', 'VirtualService', 'virtualservices', true],
  ['networking.istio.io/v1', 'DestinationRule', 'destinationrules', true],
  ['networking.istio.io/v1', 'Sidecar', 'sidecars', true],
  ['security.istio.io/v1', 'PeerAuthentication', 'peerauthentications', true],
  ['secrets-store.csi.x-k8s.io/v1', 'SecretProviderClass', 'secretproviderclasses', true],
  ['secrets-store.csi.x-k8s.io/v1', 'SecretProviderClassPodStatus', 'secretproviderclasspodstatuses', true],
  ['egressgateway.kubernetes.azure.com/v1alpha1', 'StaticGatewayConfiguration', 'staticgatewayconfigurations', true],
];
const TLS_ROUTE: [string, string, string, boolean] = ['gateway.networking.k8s.io/v1', 'TLSRoute', 'tlsroutes', true];

function toType([apiVersion, kind, plural, namespaced]: [string, string, string, boolean]): ResourceType {
  const slash = apiVersion.indexOf('/');
  return {
    group: slash < 0 ? '' : apiVersion.slice(0, slash),
    version: slash < 0 ? apiVersion : apiVersion.slice(slash + 1),
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    statusSubresource: true,
    crd: slash >= 0 && !['apps', 'autoscaling', 'policy'].includes(apiVersion.slice(0, slash)),
  };
}

export class FakeStore implements ObjectStore {
  private readonly types: ResourceType[];
  private readonly objects = new Map<string, KubeObject>();
  private readonly listeners = new Set<(e: StoreEvent) => void>();
  private rv = 1;
  private uid = 1;

  constructor(options: { gatewayApiVersion?: 'v1.2.1' | 'v1.5.1'; extraKinds?: Array<[string, string, string, boolean]> } = {}) {
    const rows = [...TYPES, ...(options.extraKinds ?? [])];
    if (options.gatewayApiVersion !== 'v1.2.1') rows.push(TLS_ROUTE);
    this.types = rows.map(toType);
  }

  resourceTypes(): ResourceType[] {
    return this.types;
  }

  resourceFor(apiVersion: string, kind: string): ResourceType | undefined {
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    return (
      this.types.find(t => t.group === group && t.kind === kind && t.version === version) ??
      // Served-version aliases (v1beta1 Gateway API objects in Istio's test inputs).
      this.types.find(t => t.group === group && t.kind === kind)
    );
  }

  private k(r: ResourceType, ns: string | undefined, name: string) {
    return `${r.group}/${r.kind}/${r.namespaced ? ns ?? '' : ''}/${name}`;
  }

  private typeOf(obj: KubeObject): ResourceType {
    const r = this.resourceFor(obj.apiVersion, obj.kind);
    if (!r) throw new Error(`FakeStore: unknown kind ${obj.apiVersion} ${obj.kind}`);
    return r;
  }

  get(r: ResourceType, ns: string | undefined, name: string) {
    const o = this.objects.get(this.k(r, ns, name));
    return o ? clone(o) : undefined;
  }

  list(r: ResourceType, options: ListOptions = {}) {
    const prefix = `${r.group}/${r.kind}/`;
    const out: KubeObject[] = [];
    for (const [k, o] of this.objects) {
      if (!k.startsWith(prefix)) continue;
      if (options.namespace && o.metadata.namespace !== options.namespace) continue;
      if (options.labelSelector && !matchSimpleSelector(options.labelSelector, o.metadata.labels)) continue;
      out.push(clone(o));
    }
    return out;
  }

  create(object: KubeObject) {
    const r = this.typeOf(object);
    const k = this.k(r, object.metadata.namespace, object.metadata.name);
    if (this.objects.has(k)) throw Object.assign(new Error(`${object.kind} ${object.metadata.name} already exists`), { code: 409 });
    const stored = clone(object);
    stored.apiVersion = `${r.group ? `${r.group}/` : ''}${r.version}`;
    if (!r.namespaced) delete stored.metadata.namespace;
    stored.metadata.uid = `uid-${this.uid++}`;
    stored.metadata.generation = 1;
    stored.metadata.creationTimestamp = new Date().toISOString();
    stored.metadata.resourceVersion = String(++this.rv);
    this.objects.set(k, stored);
    this.emit({ type: 'ADDED', resource: r, object: clone(stored) });
    return clone(stored);
  }

  apply(object: KubeObject) {
    const r = this.typeOf(object);
    const k = this.k(r, object.metadata.namespace, object.metadata.name);
    const current = this.objects.get(k);
    if (!current) return this.create(object);
    const next = clone(current);
    for (const [field, value] of Object.entries(object)) {
      if (field === 'metadata' || field === 'status' || field === 'apiVersion' || field === 'kind') continue;
      (next as Record<string, unknown>)[field] = clone(value);
    }
    next.metadata.labels = object.metadata.labels ?? current.metadata.labels;
    next.metadata.annotations = object.metadata.annotations ?? current.metadata.annotations;
    if (object.metadata.ownerReferences) next.metadata.ownerReferences = object.metadata.ownerReferences;
    if (JSON.stringify(next) === JSON.stringify(current)) return clone(current);
    if (JSON.stringify(next.spec) !== JSON.stringify(current.spec)) {
      next.metadata.generation = (current.metadata.generation ?? 1) + 1;
    }
    next.metadata.resourceVersion = String(++this.rv);
    this.objects.set(k, next);
    this.emit({ type: 'MODIFIED', resource: r, object: clone(next) });
    return clone(next);
  }

  updateStatus(r: ResourceType, ns: string | undefined, name: string, update: (c: KubeObject) => unknown) {
    const k = this.k(r, ns, name);
    const current = this.objects.get(k);
    if (!current) return undefined;
    const status = update(clone(current));
    if (status === undefined) return undefined;
    const next = { ...clone(current), status: clone(status) };
    next.metadata.resourceVersion = String(++this.rv);
    this.objects.set(k, next);
    this.emit({ type: 'MODIFIED', resource: r, object: clone(next) });
    return clone(next);
  }

  delete(r: ResourceType, ns: string | undefined, name: string) {
    const k = this.k(r, ns, name);
    const current = this.objects.get(k);
    if (!current) return undefined;
    this.objects.delete(k);
    this.emit({ type: 'DELETED', resource: r, object: clone(current) });
    // Garbage collection of owned objects, like the kube-controller-manager does.
    for (const [ok, o] of [...this.objects]) {
      if (o.metadata.ownerReferences?.some(ref => ref.uid === current.metadata.uid)) {
        this.objects.delete(ok);
        this.emit({ type: 'DELETED', resource: this.typeOf(o), object: clone(o) });
      }
    }
    return clone(current);
  }

  subscribe(listener: (e: StoreEvent) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: StoreEvent) {
    for (const l of this.listeners) l(e);
  }

  replace(object: KubeObject): KubeObject {
    return this.apply(object);
  }

  patch(r: ResourceType, ns: string | undefined, name: string, patch: { type: unknown; body: unknown }): KubeObject {
    const current = this.get(r, ns, name);
    if (!current) throw Object.assign(new Error(`${r.kind} ${name} not found`), { code: 404 });
    return this.apply({ ...current, ...(patch.body as object), metadata: current.metadata } as KubeObject);
  }

  currentResourceVersion(): number {
    return this.rv;
  }

  /** Test helper: create or replace. */
  put(object: KubeObject): KubeObject {
    const r = this.typeOf(object);
    return this.objects.has(this.k(r, object.metadata.namespace, object.metadata.name))
      ? this.apply(object)
      : this.create(object);
  }
}

function clone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

function matchSimpleSelector(selector: string, labels: Record<string, string> | undefined) {
  return selector.split(',').every(term => {
    const [k, v] = term.split('=');
    return v === undefined ? labels?.[k.trim()] !== undefined : labels?.[k.trim()] === v.trim();
  });
}

export function testCluster(overrides: Partial<SimulatedClusterInfo> = {}): SimulatedClusterInfo {
  return {
    name: 'aks-test',
    gatewayApiVersion: 'v1.5.1',
    kubernetesVersion: '1.36.0',
    istioRevisions: ['asm-1-27'],
    keyVault: undefined,
    ...overrides,
  };
}

/**
 * A ControllerContext whose schedule() queues work; `settle()` drains it (including work the
 * drained callbacks schedule) so tests can step a controller deterministically.
 */
export function testContext(store: ObjectStore, cluster: SimulatedClusterInfo = testCluster()) {
  const queue: Array<() => void> = [];
  const context: ControllerContext = { store, cluster, schedule: fn => queue.push(fn) };
  return {
    context,
    /** Runs queued work until none is left (bounded, to catch loops). */
    settle(maxRounds = 10_000) {
      let rounds = 0;
      while (queue.length) {
        if (++rounds > maxRounds) throw new Error('controllers did not settle');
        queue.shift()!();
      }
    },
    pending: () => queue.length,
  };
}
