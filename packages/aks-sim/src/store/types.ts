import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';

/** A kind the simulated API server serves (built-in or from a CRD). */
export interface ResourceType {
  group: string; // '' for core
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  /** True when `status` is a separate subresource (writes to the main resource ignore it). */
  statusSubresource: boolean;
  shortNames?: string[];
  /** Whether the object is validated against a CRD schema (true for CRD kinds). */
  crd: boolean;
  /** Discovery categories (`all` for the workload kinds `kubectl get all` shows). */
  categories?: string[];
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  resource: ResourceType;
  object: KubeObject;
  /** The cluster-wide resourceVersion this change was committed at. */
  resourceVersion?: number;
}

export interface ListOptions {
  namespace?: string;
  /** Kubernetes label selector syntax (`a=b,c!=d,e in (f,g),!h`). */
  labelSelector?: string;
  /** Kubernetes field selector on metadata.name, metadata.namespace, type (Secrets). */
  fieldSelector?: string;
}

export interface WriteOptions {
  /** Defaults to the controller's own name when a controller writes. */
  fieldManager?: string;
  dryRun?: boolean;
  /** Write the `status` subresource instead of the main resource (replace / patch). */
  subresource?: 'status';
  /** Server-side apply: take ownership of conflicting fields. */
  force?: boolean;
  /** Delete: what happens to dependents (Background and Foreground both delete them). */
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  /** Delete: only this uid / resourceVersion may go (DeleteOptions.preconditions); else 409. */
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** The PATCH body formats the API server accepts, by content type. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/**
 * One simulated cluster's object store. The HTTP layer and the controllers both use it; every
 * write bumps the cluster-wide resourceVersion and notifies subscribers (which feed watches).
 * Objects returned are copies: mutating them changes nothing.
 */
export interface ObjectStore {
  resourceTypes(): ResourceType[];
  resourceFor(apiVersion: string, kind: string): ResourceType | undefined;
  get(resource: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined;
  list(resource: ResourceType, options?: ListOptions): KubeObject[];
  /** Creates an object (fails with a Kubernetes 409 AlreadyExists Status error if present). */
  create(object: KubeObject, options?: WriteOptions): KubeObject;
  /** Server-side apply of a partial object owned by `fieldManager`. */
  apply(object: KubeObject, options: WriteOptions & { fieldManager: string; force?: boolean }): KubeObject;
  /**
   * Replaces the status subresource. `update` gets a copy of the current object and returns the
   * new status, or undefined to leave it unchanged (no event, no resourceVersion bump).
   */
  updateStatus(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
    update: (current: KubeObject) => unknown | undefined,
    options?: WriteOptions,
  ): KubeObject | undefined;
  /**
   * Replaces an object (PUT). A `metadata.resourceVersion` in `object` is a precondition: a stale
   * one fails with 409 Conflict. With `subresource: 'status'` only the status changes.
   */
  replace(object: KubeObject, options?: WriteOptions): KubeObject;
  /** Patches an object (PATCH); `apply` is server-side apply and may create it. */
  patch(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
    patch: { type: PatchType; body: unknown },
    options?: WriteOptions,
  ): KubeObject;
  delete(resource: ResourceType, namespace: string | undefined, name: string, options?: WriteOptions): KubeObject | undefined;
  /** Listener for every committed change, in commit order. Returns an unsubscribe function. */
  subscribe(listener: (event: StoreEvent) => void): () => void;
  /** The cluster-wide resourceVersion of the latest committed change. */
  currentResourceVersion(): number;
}

/** Something that reacts to store changes the way an in-cluster controller would. */
export interface Controller {
  readonly name: string;
  start(context: ControllerContext): void;
  stop(): void;
}

export interface ControllerContext {
  store: ObjectStore;
  cluster: SimulatedClusterInfo;
  /** Runs `fn` asynchronously after a short, configurable reconcile delay (default a few ms). */
  schedule(fn: () => void): void;
}

export interface SimulatedClusterInfo {
  name: string;
  gatewayApiVersion: 'v1.2.1' | 'v1.5.1';
  kubernetesVersion: string;
  /** Installed Istio add-on revisions, e.g. ['asm-1-26', 'asm-1-27']. */
  istioRevisions: string[];
  /** The simulated Azure Key Vault for this cluster (see controllers/keyvault). */
  keyVault: unknown;
}
