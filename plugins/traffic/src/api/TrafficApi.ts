import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ChangeSummary,
  ClusterSummary,
  EntityTrafficResponse,
  GatewayOption,
  ListChangesQuery,
  SubmitChangeRequest,
} from './types';

/** Identifies a catalog entity, the way the traffic backend addresses it. */
export interface EntityTrafficRequest {
  kind: string;
  namespace: string;
  name: string;
}

/** Reads traffic status and submits changes through the traffic backend (`/api/traffic`). */
export interface TrafficApi {
  getEntityTraffic(
    entity: EntityTrafficRequest,
  ): Promise<EntityTrafficResponse>;
  listClusters(): Promise<ClusterSummary[]>;
  listGateways(query: {
    cluster?: string;
    namespace?: string;
  }): Promise<GatewayOption[]>;
  submitChange(request: SubmitChangeRequest): Promise<ChangeSummary>;
  listChanges(query?: ListChangesQuery): Promise<ChangeSummary[]>;
  getChange(options: { id: string }): Promise<ChangeSummary>;
  approveChange(options: {
    id: string;
    comment?: string;
  }): Promise<ChangeSummary>;
  rejectChange(options: {
    id: string;
    comment?: string;
  }): Promise<ChangeSummary>;
}

export const trafficApiRef = createApiRef<TrafficApi>({
  id: 'plugin.traffic.api',
});
