export { TrafficCache, DEFAULT_CACHE_TIMINGS, DEFAULT_READ_TIMEOUT_MS } from './TrafficCache';
export type { TrafficCacheOptions } from './TrafficCache';
export { ClusterCache } from './ClusterCache';
export type { CacheTimings, ClusterCacheStatus } from './ClusterCache';
export { ClusterIndex, SourceStore } from './ClusterIndex';
export { WATCHED_KINDS, KUBERNETES_ID_LABEL } from './kinds';
export type { WatchedKind, SourceId } from './kinds';
export { describeClusterError, ClusterTimeoutError } from './clusterErrors';
