import { useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { DEFAULT_NAMESPACE, type Entity } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type {
  ClusterTraffic,
  EntityTrafficResponse,
} from '@aks-traffic/backstage-plugin-traffic-common';
import { trafficApiRef } from '../api';

/** The clusters of one answer, split by whether they could be read. */
export interface ClusterPartition {
  /** Clusters that answered (their lists may be empty). */
  answered: ClusterTraffic[];
  /** Clusters that failed; each has `error`. */
  failed: ClusterTraffic[];
  /** Cards show a cluster column only when data can come from more than one cluster. */
  showClusterColumn: boolean;
}

export function partitionClusters(
  response: EntityTrafficResponse | undefined,
): ClusterPartition {
  const clusters = response?.clusters ?? [];
  const answered = clusters.filter(cluster => !cluster.error);
  const failed = clusters.filter(cluster => cluster.error);
  return { answered, failed, showClusterColumn: answered.length > 1 };
}

export function entityRequest(entity: Entity) {
  return {
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
    name: entity.metadata.name,
  };
}

/**
 * Loads the traffic view model of the current entity. Every card calls it; the client
 * shares one request between cards that ask within a few seconds.
 */
export function useEntityTraffic() {
  const { entity } = useEntity();
  const trafficApi = useApi(trafficApiRef);
  const { kind, namespace, name } = entityRequest(entity);
  const state = useAsyncRetry(
    () => trafficApi.getEntityTraffic({ kind, namespace, name }),
    [trafficApi, kind, namespace, name],
  );
  const partition = useMemo(
    () => partitionClusters(state.value),
    [state.value],
  );
  return { ...state, entity, ...partition };
}
