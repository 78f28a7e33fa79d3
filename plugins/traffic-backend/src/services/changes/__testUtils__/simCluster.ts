import type { AksSim, SimCluster } from '@aks-traffic/aks-sim';
import type {
  ClusterSummary,
  KubeObject,
} from '@aks-traffic/backstage-plugin-traffic-common';
import { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import { NotFoundError } from '@backstage/errors';
import type { ClusterConnection, ClusterRegistry } from '../../types';

/** A ClusterConnection over one aks-sim cluster (one cached object API, like the real registry). */
export function simConnection(cluster: SimCluster): ClusterConnection {
  const kc = new KubeConfig();
  kc.loadFromOptions(cluster.kubeConfig());
  const api = KubernetesObjectApi.makeApiClient(kc);
  return {
    name: cluster.name,
    gatewayApiVersion: async () => cluster.info.gatewayApiVersion,
    kubeConfig: async () => kc,
    objectApi: async () => api,
  };
}

/** A ClusterRegistry over every cluster of a simulator. */
export function simRegistry(sim: AksSim): ClusterRegistry {
  const connections = new Map(
    sim.clusters.map(cluster => [cluster.name, simConnection(cluster)]),
  );
  return {
    list: () => [...connections.values()],
    get(name) {
      const connection = connections.get(name);
      if (!connection)
        throw new NotFoundError(
          `Cluster ${name} is not configured: use one of ${[
            ...connections.keys(),
          ].join(', ')}`,
        );
      return connection;
    },
    async summaries(): Promise<ClusterSummary[]> {
      return sim.clusters.map(cluster => ({
        name: cluster.name,
        reachable: true,
        gatewayApiVersion: cluster.info.gatewayApiVersion,
        istioRevisions: [...(cluster.info.istioRevisions ?? [])],
      }));
    },
  };
}

/**
 * Every object of the cluster (Events excluded), keyed by kind/namespace/name, without what the
 * API server and controllers rewrite on any write (resourceVersion, generation, managedFields,
 * status): two equal snapshots mean the cluster holds the same objects with the same content.
 */
export function clusterContent(cluster: SimCluster): Map<string, string> {
  const out = new Map<string, string>();
  const seen = new Set<string>();
  for (const type of cluster.store.resourceTypes()) {
    const storage = `${type.group}/${type.plural}`;
    if (seen.has(storage) || type.kind === 'Event') continue;
    seen.add(storage);
    for (const object of cluster.store.list(type) as KubeObject[]) {
      const { status: _s, metadata, ...rest } = object;
      const {
        resourceVersion: _r,
        generation: _g,
        managedFields: _m,
        ...meta
      } = metadata;
      out.set(
        `${type.kind}/${metadata.namespace ?? ''}/${metadata.name}`,
        JSON.stringify({ ...rest, metadata: meta }),
      );
    }
  }
  return out;
}

/** Polls until `check` returns a truthy value (controllers and garbage collection are asynchronous). */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw lastError ?? new Error('condition not met in time');
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}
