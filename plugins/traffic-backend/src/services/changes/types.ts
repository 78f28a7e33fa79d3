import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';

/**
 * Life cycle of a change. `dry-run`, `unchanged`, `applied`, `failed` and `rejected` are final;
 * `pending-approval` waits for a decision; `approved` is the short step between a decision and
 * the apply that follows it (then `applied` or `failed`).
 */
export const CHANGE_STATES = [
  'dry-run',
  'unchanged',
  'pending-approval',
  'approved',
  'rejected',
  'applied',
  'failed',
] as const;
export type ChangeState = (typeof CHANGE_STATES)[number];

/** What happens (or happened) to one object of a change. */
export type ObjectAction = 'create' | 'update' | 'unchanged';

/** `kind namespace/name` of one object, as the API and the scaffolder outputs report it. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** One object's dry-run outcome and its difference from the live object. */
export interface ObjectPlan {
  ref: ObjectRef;
  action: ObjectAction;
  /** Line diff (unified style, `-` live / `+` after apply) of the normalized objects; empty when unchanged. */
  diff: string;
}

/** A change as stored and returned by `GET /changes/:id`. */
export interface ChangeRecord {
  id: string;
  cluster: string;
  /** The journey the objects were built from, or `objects` for raw objects. */
  journey: string;
  entityRef?: string;
  /** User entity ref of the requester. */
  requestedBy: string;
  reason?: string;
  state: ChangeState;
  /** The journey input as submitted (after the cluster name was filled in). */
  input?: unknown;
  /** The built objects in apply order. */
  objects: KubeObject[];
  objectRefs: ObjectRef[];
  /** Per-object dry-run outcome (create / update / unchanged) and diff against live state. */
  plan: ObjectPlan[];
  /** The normalized objects the server dry-run returned. */
  dryRunResult: KubeObject[];
  warnings: string[];
  /** Human summary of the outcome (what was applied, or what failed and why). */
  message: string;
  /** Approval policy rules that matched (why the change is pending). */
  policyReasons: string[];
  /** The object that failed, when state is `failed` during apply. */
  failedObject?: ObjectRef;
  decidedBy?: string;
  decisionComment?: string;
  createdAt: string;
  updatedAt: string;
  decidedAt?: string;
  appliedAt?: string;
}

export function refOf(object: KubeObject): ObjectRef {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    ...(object.metadata?.namespace
      ? { namespace: object.metadata.namespace }
      : {}),
    name: object.metadata?.name,
  };
}

export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
