import type {
  ClusterTraffic,
  EntityTrafficResponse,
} from '@aks-traffic/backstage-plugin-traffic-common';
import { allowAnyEgress } from './egress';

export * from './checks';
export * from './entities';
export * from './gateways';
export * from './routes';
export * from './certificates';
export * from './egress';
export * from './changes';

/** A reachable cluster; lists default to empty. */
export function clusterTraffic(
  cluster: string,
  content: Partial<Omit<ClusterTraffic, 'cluster'>> = {},
): ClusterTraffic {
  return {
    cluster,
    gatewayApiVersion: 'v1.2.1',
    istioRevisions: ['asm-1-26'],
    lastSync: '2025-11-21T10:00:00Z',
    gateways: [],
    routes: [],
    certificates: [],
    egress: {
      ...allowAnyEgress,
      outboundPolicy: {
        mode: 'REGISTRY_ONLY',
        scope: 'mesh',
        source: 'Istio default',
      },
    },
    ...content,
  };
}

/** A cluster the backend could not read. */
export function unreachableCluster(cluster: string): ClusterTraffic {
  return clusterTraffic(cluster, {
    error: {
      kind: 'unreachable',
      reason: 'ETIMEDOUT',
      message: `connect ETIMEDOUT 10.1.0.4:443 (${cluster} API server)`,
    },
    lastSync: undefined,
  });
}

export function entityTraffic(
  clusters: ClusterTraffic[],
): EntityTrafficResponse {
  return {
    entityRef: 'component:default/httpbin',
    generatedAt: '2025-11-21T10:00:05Z',
    clusters,
  };
}
