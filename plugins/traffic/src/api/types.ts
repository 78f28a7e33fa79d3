import type { ObjectRef } from '@aks-traffic/backstage-plugin-traffic-common';

export type {
  ClusterSummary,
  EntityTrafficResponse,
  GatewayOption,
} from '@aks-traffic/backstage-plugin-traffic-common';

/**
 * Lifecycle of a change submitted to `POST /changes`.
 * `unchanged`: the live objects already matched; `dry-run`: validated only, nothing applied.
 */
export type ChangeState =
  | 'applied'
  | 'unchanged'
  | 'pending-approval'
  | 'rejected'
  | 'failed'
  | 'dry-run';

/**
 * A change as the traffic backend reports it.
 * Kept local to the frontend until the approvals backend publishes its type in traffic-common.
 */
export interface ChangeSummary {
  id: string;
  state: ChangeState;
  cluster: string;
  /** Catalog entity the change belongs to, e.g. `component:default/httpbin`. */
  entityRef?: string;
  /** User entity ref of whoever submitted the change. */
  requester: string;
  /** ISO time. */
  createdAt: string;
  objects: ObjectRef[];
  /** Why the change needs approval (policy rule), or the requester's justification. */
  reason?: string;
  /** Outcome sentence (applied, why it failed, ...). */
  message?: string;
  /** Unified diff against live state, when the backend computed one. */
  diff?: string;
  /** Server dry-run output (YAML or text), when present. */
  dryRun?: string;
  decidedBy?: string;
  decidedAt?: string;
  decisionComment?: string;
  /** The approvals page showing this change, for changes that went through approval. */
  approvalUrl?: string;
}

/** Body of `POST /changes`. */
export interface SubmitChangeRequest {
  cluster: string;
  entityRef?: string;
  /** Journey id understood by the common builders (`route`, `gateway`, ...). */
  journey?: string;
  input?: unknown;
  /** Pre-built objects, when the caller built them already. */
  objects?: unknown[];
  reason?: string;
  dryRun?: boolean;
}

export interface ListChangesQuery {
  entityRef?: string;
  state?: ChangeState | ChangeState[];
  cluster?: string;
}
