import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import { hashBytes, hashHex } from '../controllers/common/deterministic';
import type { ObjectStore, SimulatedClusterInfo } from '../store/types';

/** Label the Backstage Kubernetes plugin (and ours) match catalog entities by. */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';
export const REVISION_LABEL = 'istio.io/rev';

const SEED_MANAGER = 'aks-sim-seed';
/** Who writes the status of seeded workloads in a real cluster. */
const KUBELET = 'kubelet';

/**
 * Writes seed objects through the store, so CRD validation, defaulting and field ownership apply
 * exactly as for a client. Server-side apply keeps a seed idempotent (applying it twice is fine).
 */
export class SeedWriter {
  constructor(
    readonly store: ObjectStore,
    readonly cluster: SimulatedClusterInfo,
  ) {}

  /** The newest installed Istio add-on revision (what namespaces are labelled with). */
  get revision(): string {
    const revisions = [...this.cluster.istioRevisions];
    return revisions.sort((a, b) => Number(a.split('-').pop()) - Number(b.split('-').pop()))[revisions.length - 1] ?? 'asm-1-26';
  }

  apply(object: KubeObject): KubeObject {
    return this.store.apply(object, { fieldManager: SEED_MANAGER, force: true });
  }

  applyAll(objects: KubeObject[]): KubeObject[] {
    return objects.map(o => this.apply(o));
  }

  /** A namespace with extra labels (merged into an existing one, e.g. `default`). */
  namespace(name: string, labels: Record<string, string> = {}): KubeObject {
    return this.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
  }

  /** A namespace whose pods get the add-on's sidecar (`istio.io/rev` of the newest revision). */
  meshNamespace(name: string, labels: Record<string, string> = {}): KubeObject {
    return this.namespace(name, { [REVISION_LABEL]: this.revision, ...labels });
  }

  setStatus(object: KubeObject, status: unknown, fieldManager = KUBELET): KubeObject | undefined {
    const type = this.store.resourceFor(object.apiVersion, object.kind);
    if (!type) throw new Error(`aks-sim seed: ${object.apiVersion} ${object.kind} is not served`);
    return this.store.updateStatus(type, object.metadata.namespace, object.metadata.name, () => status, { fieldManager });
  }

  /**
   * A Deployment, its Service and one running Pod (the simulator has no ReplicaSet controller,
   * so the seed stands in for it), all labelled for the catalog.
   */
  workload(options: WorkloadOptions): { deployment: KubeObject; service?: KubeObject; pod: KubeObject } {
    const { name, namespace, component } = options;
    const appLabels = { app: name, ...(options.version ? { version: options.version } : {}) };
    const catalog = { [KUBERNETES_ID_LABEL]: component };
    const container = {
      name,
      image: options.image,
      ...(options.containerPort ? { ports: [{ containerPort: options.containerPort }] } : {}),
      ...(options.command ? { command: options.command } : {}),
    };
    this.apply({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace, labels: catalog } });
    const service = options.servicePorts
      ? this.apply({
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name, namespace, labels: { ...appLabels, service: name, ...catalog } },
          spec: { selector: { app: name }, ports: options.servicePorts },
        })
      : undefined;
    const deployment = this.apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels: { ...appLabels, ...catalog } },
      spec: {
        replicas: 1,
        selector: { matchLabels: appLabels },
        template: { metadata: { labels: { ...appLabels, ...catalog } }, spec: { serviceAccountName: name, containers: [container] } },
      },
    });
    const pod = this.runningPod({
      name: `${name}-${hashHex(`${this.cluster.name}/${namespace}/${name}`, 10)}-${podSuffix(`${this.cluster.name}/${namespace}/${name}/0`)}`,
      namespace,
      labels: { ...appLabels, ...catalog, 'pod-template-hash': hashHex(`${this.cluster.name}/${namespace}/${name}`, 10) },
      containers: [container],
      serviceAccountName: name,
      injected: this.isMeshNamespace(namespace),
    });
    return { deployment, service, pod };
  }

  /** A Pod the kubelet reports as Running (with an istio-proxy sidecar in mesh namespaces). */
  runningPod(options: { name: string; namespace: string; labels: Record<string, string>; containers: Array<Record<string, unknown>>; serviceAccountName?: string; injected?: boolean; volumes?: unknown[] }): KubeObject {
    const injected = options.injected ?? false;
    const containers = injected
      ? [...options.containers, { name: 'istio-proxy', image: `mcr.microsoft.com/oss/istio/proxyv2:${this.revision.replace(/^asm-/, '').replace(/-/g, '.')}` }]
      : options.containers;
    const labels = injected
      ? { ...options.labels, 'security.istio.io/tlsMode': 'istio', 'service.istio.io/canonical-name': options.labels.app ?? options.name, [REVISION_LABEL]: this.revision }
      : options.labels;
    const pod = this.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: options.name, namespace: options.namespace, labels },
      spec: {
        ...(options.serviceAccountName ? { serviceAccountName: options.serviceAccountName } : {}),
        nodeName: 'aks-nodepool1-12345678-vmss000000',
        containers,
        ...(options.volumes ? { volumes: options.volumes } : {}),
      },
    });
    const ip = podIp(`${this.cluster.name}/${options.namespace}/${options.name}`);
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    this.setStatus(pod, {
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      hostIP: '10.224.0.4',
      startTime: now,
      conditions: ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'].map(type => ({ type, status: 'True', lastTransitionTime: now })),
      containerStatuses: containers.map(c => ({ name: c.name, image: c.image, ready: true, started: true, restartCount: 0, state: { running: { startedAt: now } } })),
    });
    return pod;
  }

  private isMeshNamespace(namespace: string): boolean {
    const type = this.store.resourceFor('v1', 'Namespace');
    const labels = type ? this.store.get(type, undefined, namespace)?.metadata.labels : undefined;
    return !!labels?.[REVISION_LABEL] || labels?.['istio-injection'] === 'enabled';
  }
}

export interface WorkloadOptions {
  name: string;
  namespace: string;
  /** Catalog component (value of `backstage.io/kubernetes-id`). */
  component: string;
  image: string;
  containerPort?: number;
  command?: string[];
  version?: string;
  /** Service ports; no Service when absent. */
  servicePorts?: Array<{ name?: string; port: number; targetPort?: number; protocol?: string }>;
}

function podIp(seed: string): string {
  const b = hashBytes(seed);
  return `10.244.${b[0] % 8}.${(b[1] % 250) + 2}`;
}

/** The 5-character random-looking suffix of a ReplicaSet's pod, deterministic per seed. */
function podSuffix(seed: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...hashBytes(seed).subarray(0, 5)].map(b => alphabet[b % alphabet.length]).join('');
}
