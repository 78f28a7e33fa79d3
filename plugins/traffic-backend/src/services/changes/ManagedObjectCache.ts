import type { LoggerService } from '@backstage/backend-plugin-api';
import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import type { KubernetesObjectApi } from '@kubernetes/client-node';
import { DEFAULT_CACHE_TIMINGS, SourceStore } from '../cache';
import type { SourceId, WatchedKind } from '../cache';
import { Reflector, type ReflectorTimings } from '../cache/Reflector';
import { MESH_NAMESPACE } from '../cache/kinds';
import type { ClusterRegistry } from '../types';
import type { SnapshotSource } from './applier';

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'aks-traffic';


/**
 * Objects a change writes into but that may belong to someone else: the app team's Namespace (a
 * change only labels it for injection), a ServiceAccount (the Key Vault input may name the app's
 * own) and the mesh-wide shared ConfigMap of the Istio add-on.
 */
function isShared(object: KubeObject): boolean {
  return (
    (object.apiVersion === 'v1' &&
      (object.kind === 'Namespace' || object.kind === 'ServiceAccount')) ||
    (object.apiVersion === 'v1' &&
      object.kind === 'ConfigMap' &&
      object.metadata.namespace === MESH_NAMESPACE)
  );
}

/**
 * The object with `app.kubernetes.io/managed-by: aks-traffic`, the mark of what the traffic backend
 * applied (and what its snapshot watches select). Shared objects are left unmarked.
 */
export function withManagedByLabel(object: KubeObject): KubeObject {
  if (isShared(object) || object.metadata.labels?.[MANAGED_BY_LABEL] !== undefined)
    return object;
  return {
    ...object,
    metadata: {
      ...object.metadata,
      labels: { ...object.metadata.labels, [MANAGED_BY_LABEL]: MANAGED_BY },
    },
  };
}

/** The copy kept: the whole object minus status and managedFields (neither is ever restored). */
function keepForRollback(object: any, apiVersion: string): KubeObject {
  const { status: _status, metadata, ...rest } = object;
  const { managedFields: _managedFields, ...keptMetadata } = metadata ?? {};
  return { ...rest, apiVersion, metadata: keptMetadata };
}

const keyOf = (cluster: string, apiVersion: string, kind: string) =>
  `${cluster}|${apiVersion}|${kind}`;

interface ManagedWatch {
  reflector: Reflector;
  store: SourceStore;
}

/**
 * Full copies of the objects the traffic backend manages (label `app.kubernetes.io/managed-by:
 * aks-traffic`), kept current by one label-selected list+watch per cluster and kind, so a change's
 * rollback snapshot and diff base come without a GET per object.
 *
 * A cluster's watch of a kind starts with the first change that writes that kind there: clusters
 * and kinds nobody changes cost nothing. A copy is used only when its resourceVersion equals the one
 * the server dry-run reported (the API server keeps the stored resourceVersion in a dry-run
 * answer), so a copy the watch has not caught up with is never used: the applier reads live then.
 * Secrets are never watched.
 */
export class ManagedObjectCache {
  private readonly watches = new Map<string, ManagedWatch>();
  private readonly pending = new Set<string>();
  private stopped = false;

  constructor(
    private readonly options: {
      clusters: ClusterRegistry;
      logger: LoggerService;
      timings?: ReflectorTimings;
    },
  ) {}

  /** Starts (once) the watches of the managed kinds among `objects` on `cluster`; never throws. */
  async watch(
    cluster: string,
    api: KubernetesObjectApi,
    objects: KubeObject[],
  ): Promise<void> {
    const kinds = new Map<string, KubeObject>();
    for (const object of objects) {
      if (isShared(object) || object.kind === 'Secret') continue;
      kinds.set(keyOf(cluster, object.apiVersion, object.kind), object);
    }
    await Promise.all(
      [...kinds].map(async ([key, object]) => {
        if (this.stopped || this.watches.has(key) || this.pending.has(key)) return;
        this.pending.add(key);
        try {
          await this.start(key, cluster, api, object);
        } catch (error) {
          this.options.logger.debug(
            `No snapshot watch for ${object.kind} on ${cluster}: ${String(error)}`,
          );
        } finally {
          this.pending.delete(key);
        }
      }),
    );
  }

  /**
   * The managed copy of `object` when it is exactly the stored version `resourceVersion`, else
   * undefined (not watched yet, watch not synced or failing, not managed, or behind).
   */
  snapshot(
    cluster: string,
    object: KubeObject,
    resourceVersion: string,
  ): KubeObject | undefined {
    const copy = this.current(cluster, object);
    return copy?.metadata.resourceVersion === resourceVersion ? copy : undefined;
  }

  /** The newest managed copy of `object` the watch has (synced and healthy), whatever its version. */
  current(cluster: string, object: KubeObject): KubeObject | undefined {
    const entry = this.watches.get(keyOf(cluster, object.apiVersion, object.kind));
    if (!entry || !entry.reflector.everSynced || entry.reflector.state !== 'synced')
      return undefined;
    return entry.store.get(object.metadata.namespace, object.metadata.name);
  }

  /** Both lookups for one cluster, as the applier takes them. */
  source(cluster: string): SnapshotSource {
    return {
      atVersion: (object, resourceVersion) =>
        this.snapshot(cluster, object, resourceVersion),
      current: object => this.current(cluster, object),
    };
  }

  stop(): void {
    this.stopped = true;
    for (const { reflector } of this.watches.values()) reflector.stop();
  }

  private async start(
    key: string,
    cluster: string,
    api: KubernetesObjectApi,
    object: KubeObject,
  ): Promise<void> {
    // Plural and scope come from the client's discovery cache (filled by the change's own requests).
    const resource = await (
      api as unknown as {
        resource(apiVersion: string, kind: string): Promise<{ name: string; namespaced: boolean } | undefined>;
      }
    ).resource(object.apiVersion, object.kind);
    if (!resource || this.stopped) return;
    const [group, version] = object.apiVersion.includes('/')
      ? object.apiVersion.split('/')
      : ['', object.apiVersion];
    const id = `managed:${object.kind}` as SourceId;
    const kind: WatchedKind = {
      id,
      kind: object.kind,
      group,
      plural: resource.name,
      versions: [version],
      labelSelector: `${MANAGED_BY_LABEL}=${MANAGED_BY}`,
      compact: keepForRollback,
    };
    const connection = this.options.clusters.get(cluster);
    const store = new SourceStore(id);
    const reflector = new Reflector(
      { kind, version, apiVersion: object.apiVersion },
      {
        store,
        kubeConfig: () => connection.kubeConfig(),
        timings: this.options.timings ?? DEFAULT_CACHE_TIMINGS,
        logger: this.options.logger.child({ cluster, kind: object.kind }),
        listener: { onChange: () => undefined },
      },
    );
    this.watches.set(key, { reflector, store });
    reflector.start();
  }
}
