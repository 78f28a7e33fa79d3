export { TrafficClient } from './TrafficClient';
export { trafficApiRef } from './TrafficApi';
export type { TrafficApi, EntityTrafficRequest } from './TrafficApi';
export type * from './types';
