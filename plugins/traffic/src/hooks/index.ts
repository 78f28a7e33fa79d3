export {
  useEntityTraffic,
  partitionClusters,
  entityRequest,
} from './useEntityTraffic';
export type { ClusterPartition } from './useEntityTraffic';
export { useCreateRouteLink } from './useCreateRouteLink';
