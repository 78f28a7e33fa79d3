/**
 * Shapes of the traffic backend's REST API (`/api/traffic`) other than the entity traffic
 * view model (see ../model), shared by the backend, the frontend client and the scaffolder
 * actions.
 */

import type { TrafficJourney } from '../builders/buildChange';
import type { KubeObject } from '../kube/types';

/** One configured cluster, as `GET /clusters` reports it. */
export interface ClusterSummary {
  name: string;
  /** True when the last sync with the API server succeeded. */
  reachable: boolean;
  /** `gateway.networking.k8s.io/bundle-version` of the installed Gateway API CRDs. */
  gatewayApiVersion?: string;
  /** Istio add-on revisions found (e.g. asm-1-26), from the istiod deployments. */
  istioRevisions: string[];
  /** ISO time of the last successful sync. */
  lastSync?: string;
  /** Why the cluster is not reachable or not fully readable. */
  error?: string;
  /** Kinds the cluster does not serve or does not let us read. */
  missingKinds?: string[];
}

/** A Gateway listener a route may attach to, for template pickers (`GET /gateways`). */
export interface GatewayOption {
  cluster: string;
  namespace: string;
  name: string;
  className: string;
  addresses: string[];
  listeners: Array<{
    name: string;
    protocol: string;
    port: number;
    hostname?: string;
    /** Namespaces whose routes this listener admits: 'Same', 'All' or a label selector. */
    allowedRoutesFrom: 'Same' | 'All' | 'Selector';
    allowedRouteNamespaces?: string[];
  }>;
}

/**
 * Life cycle of a change. `dry-run`, `unchanged`, `applied`, `failed`, `rejected` and `withdrawn`
 * are final; `pending-approval` waits for a decision (or for its requester to withdraw it);
 * `approved` is the short step between a decision and the apply that follows it (then `applied`
 * or `failed`, or back to `pending-approval` when the cluster could not be reached).
 */
export const CHANGE_STATES = [
  'dry-run',
  'unchanged',
  'pending-approval',
  'approved',
  'rejected',
  'withdrawn',
  'applied',
  'failed',
] as const;
export type ChangeState = (typeof CHANGE_STATES)[number];

/** The journey a change's objects were built from on the server, or `objects` for raw objects. */
export type ChangeJourney = TrafficJourney | 'objects';

/**
 * What happens (or happened) to one object of a change. `delete`: an object an earlier change of
 * the same journey input made, which the new input no longer produces (pruned).
 */
export type ChangeObjectAction = 'create' | 'update' | 'delete' | 'unchanged';

/**
 * One object of a change, as the change API and the scaffolder outputs name it. (The entity
 * traffic view model's `ObjectRef` carries an API group instead of the `apiVersion`.)
 */
export interface ChangeObjectRef {
  apiVersion: string;
  kind: string;
  /** Absent for cluster-scoped objects. */
  namespace?: string;
  name: string;
}

/** One object's server dry-run outcome and its difference from the live object. */
export interface ChangePlanItem {
  ref: ChangeObjectRef;
  action: ChangeObjectAction;
  /** Line diff (unified style, `-` live / `+` after apply) of the normalized objects; empty when unchanged. */
  diff: string;
}

/**
 * A change as `GET /changes/:id` returns it; `POST /changes/:id/approve`, `.../reject` and
 * `.../withdraw` answer with the decided change in the same shape.
 */
export interface ChangeRecord {
  id: string;
  cluster: string;
  journey: ChangeJourney;
  /** Catalog entity the change belongs to (lowercase), e.g. `component:default/httpbin`. */
  entityRef?: string;
  /** User entity ref of the requester (`unknown` when not a user). */
  requestedBy: string;
  /** The requester's justification. */
  reason?: string;
  state: ChangeState;
  /** The journey input as submitted (with the cluster name filled in); absent for raw objects. */
  input?: unknown;
  /** The built objects in apply order. */
  objects: KubeObject[];
  objectRefs: ChangeObjectRef[];
  /** Per-object dry-run outcome (create / update / unchanged) and diff against live state. */
  plan: ChangePlanItem[];
  /** The normalized objects the server dry-run returned, in apply order. */
  dryRunResult: KubeObject[];
  warnings: string[];
  /** Human summary of the outcome (what was applied, or what failed and why). */
  message: string;
  /** Approval policy rules that matched (why the change waits or waited for approval). */
  policyReasons: string[];
  /** The object that failed, when the change failed during apply. */
  failedObject?: ChangeObjectRef;
  /** User entity ref of the approver who decided (the requester, for a withdrawn change). */
  decidedBy?: string;
  decisionComment?: string;
  /** ISO times. */
  createdAt: string;
  updatedAt: string;
  decidedAt?: string;
  appliedAt?: string;
  /** The approvals page showing this change, for changes policy held for approval (absolute when `app.baseUrl` is configured). */
  approvalUrl?: string;
}

/** Kubernetes API calls one submission took, per phase (diagnostics). */
export interface ChangeRoundTrips {
  preflight: number;
  dryRun: number;
  snapshot: number;
  apply: number;
  rollback: number;
}

/** The answer of `POST /changes` (status 201): the stored change and the API calls it took. */
export interface SubmittedChange extends ChangeRecord {
  roundTrips?: ChangeRoundTrips;
}

/**
 * One item of `GET /changes`: a change without its objects and input. The plan's diffs and the
 * dry-run result are only there with `details=true`.
 */
export interface ChangeListItem
  extends Omit<ChangeRecord, 'objects' | 'input' | 'plan' | 'dryRunResult'> {
  plan: Array<Omit<ChangePlanItem, 'diff'> & { diff?: string }>;
  dryRunResult?: KubeObject[];
}

/** The answer of `GET /changes`: newest first, one page of `totalCount` matches. */
export interface ChangeList {
  items: ChangeListItem[];
  totalCount: number;
}

/** Query of `GET /changes` (all filters optional and combined with AND). */
export interface ListChangesQuery {
  /** One state or several (repeated `state=` parameters). */
  state?: ChangeState | ChangeState[];
  entityRef?: string;
  cluster?: string;
  /** User entity ref of the requester. */
  requestedBy?: string;
  /** Page size, 1 to 500 (default 50). */
  limit?: number;
  offset?: number;
  /** Items also carry each object's diff and the dry-run result (the approvals page). */
  details?: boolean;
}

/**
 * Body of `POST /changes`: a journey with its input (built, validated and dry-run on the
 * server), or raw objects; exactly one of `journey` (with `input`) and `objects`.
 */
export interface SubmitChangeRequest {
  /** A configured cluster name. */
  cluster: string;
  journey?: TrafficJourney;
  /** The journey's input (the fields of its template); `input.cluster`, when given, must equal `cluster`. */
  input?: Record<string, unknown>;
  /**
   * More journeys built into the same change (at most 10, not egress), e.g. the routes of a new
   * Gateway: their objects join `journey`'s, de-duplicated and in apply order, so preflight sees
   * them together and one approval applies them all or none. Only with `journey`.
   */
  also?: SubmitChangeAlso[];
  /** Raw Kubernetes objects (Gateway API and Istio kinds only). */
  objects?: unknown[];
  /** Catalog entity the change belongs to: a full ref like `component:default/httpbin`. */
  entityRef?: string;
  /** The requester's justification, shown to approvers. */
  reason?: string;
  /** Validate and dry-run only: nothing is written (state `dry-run` or `unchanged`). */
  dryRun?: boolean;
}

/** One more journey of a change (`SubmitChangeRequest.also`); `input.cluster`, when given, must equal the change's. */
export interface SubmitChangeAlso {
  journey: Exclude<TrafficJourney, 'egress'>;
  input: Record<string, unknown>;
}

/** Body of `POST /changes/:id/approve` and `POST /changes/:id/reject`; rejecting needs a non-blank comment. */
export interface ChangeDecisionRequest {
  /** Note for the requester (at most 4000 characters). */
  comment?: string;
}

/** Body of `POST /changes/:id/withdraw` (the requester takes back their own pending change). */
export interface ChangeWithdrawRequest {
  /** Why the change is no longer wanted (at most 4000 characters). */
  comment?: string;
}
