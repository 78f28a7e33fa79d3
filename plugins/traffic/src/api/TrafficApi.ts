import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ChangeListItem,
  ChangeRecord,
  ClusterSummary,
  EntityTrafficResponse,
  GatewayOption,
  ListChangesQuery,
  SubmitChangeRequest,
  SubmittedChange,
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
  /** `POST /changes`. */
  submitChange(request: SubmitChangeRequest): Promise<SubmittedChange>;
  /** `GET /changes` (one page, newest first; items carry their diffs and dry-run results). */
  listChanges(query?: ListChangesQuery): Promise<ChangeListItem[]>;
  getChange(options: { id: string }): Promise<ChangeRecord>;
  approveChange(options: {
    id: string;
    comment?: string;
  }): Promise<ChangeRecord>;
  /** Rejecting needs a non-blank comment. */
  rejectChange(options: {
    id: string;
    comment?: string;
  }): Promise<ChangeRecord>;
  /** `POST /changes/:id/withdraw`: the requester takes back their own pending change. */
  withdrawChange(options: {
    id: string;
    comment?: string;
  }): Promise<ChangeRecord>;
}

export const trafficApiRef = createApiRef<TrafficApi>({
  id: 'plugin.traffic.api',
});
