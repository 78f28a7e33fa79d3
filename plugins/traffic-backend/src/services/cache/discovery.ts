import {
  ApisApi,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
} from '@kubernetes/client-node';
import type { ClusterError } from '@aks-traffic/backstage-plugin-traffic-common';
import { makeTimedApiClient } from '../ClusterRegistry';
import { describeClusterError } from './clusterErrors';
import type { WatchedKind } from './kinds';
import type { ServedKind } from './listWatch';

export interface DiscoveryResult {
  served: ServedKind[];
  /** Kinds the cluster does not serve (CRD not installed) or does not let us discover. */
  missing: Array<{ kind: WatchedKind; reason: ClusterError }>;
}

/**
 * Which of `kinds` the cluster serves, and in which version: the API group list, then the resource
 * list of each candidate group/version (a handful of requests). Failing to read the group list or the
 * core API fails the whole cluster; failing one group only makes its kinds missing.
 */
export async function discoverKinds(options: {
  kc: KubeConfig;
  kinds: WatchedKind[];
  timeoutMs: number;
}): Promise<DiscoveryResult> {
  const { kc, kinds, timeoutMs } = options;
  const apis = makeTimedApiClient(kc, ApisApi, timeoutMs);
  const custom = makeTimedApiClient(kc, CustomObjectsApi, timeoutMs);
  const core = makeTimedApiClient(kc, CoreV1Api, timeoutMs);
  const [groupList, coreResources] = await Promise.all([
    apis.getAPIVersions(),
    core.getAPIResources(),
  ]);
  const groupVersions = new Map<string, string[]>();
  for (const group of groupList.groups ?? []) {
    groupVersions.set(
      group.name,
      (group.versions ?? []).map(v => v.version),
    );
  }
  const resourceLists = new Map<string, Promise<Set<string> | ClusterError>>();
  resourceLists.set(
    '/v1',
    Promise.resolve(new Set((coreResources.resources ?? []).map(r => r.name))),
  );
  const resourcesOf = (group: string, version: string) => {
    const key = `${group}/${version}`;
    let pending = resourceLists.get(key);
    if (!pending) {
      pending = custom
        .getAPIResources({ group, version })
        .then(list => new Set((list.resources ?? []).map(r => r.name)))
        .catch(error => describeClusterError(error));
      resourceLists.set(key, pending);
    }
    return pending;
  };

  const result: DiscoveryResult = { served: [], missing: [] };
  await Promise.all(
    kinds.map(async kind => {
      const offered =
        kind.group === '' ? ['v1'] : groupVersions.get(kind.group) ?? [];
      let lastError: ClusterError | undefined;
      for (const version of kind.versions.filter(v => offered.includes(v))) {
        const resources = await resourcesOf(kind.group, version);
        if (resources instanceof Set) {
          if (resources.has(kind.plural)) {
            result.served.push({
              kind,
              version,
              apiVersion: kind.group ? `${kind.group}/${version}` : version,
            });
            return;
          }
        } else {
          lastError = resources;
        }
      }
      result.missing.push({
        kind,
        reason: lastError ?? {
          kind: 'not-installed',
          reason: 'NotFound',
          message: `${kind.plural}.${kind.group || 'core'} is not served by this cluster`,
        },
      });
    }),
  );
  return result;
}
