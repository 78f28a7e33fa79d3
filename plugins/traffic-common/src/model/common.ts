/**
 * Building blocks shared by every part of the traffic view model.
 */

/** How a card renders a check: ok (green), warning (amber), error (red), pending (spinner), unknown (grey). */
export type StatusState = 'ok' | 'warning' | 'error' | 'pending' | 'unknown';

/** One interpreted condition (or derived fact), ready to render. */
export interface StatusCheck {
  state: StatusState;
  /** The controller's machine reason (e.g. `NotAllowedByListeners`), when there is one. */
  reason?: string;
  /** A human sentence saying what is wrong (or right). */
  message: string;
  /** A concrete next step, only when something needs doing. */
  fix?: string;
  /** The condition was written for an older generation of the object ("not yet reconciled"). */
  stale?: boolean;
}

/** A reference to a Kubernetes object as the cards display and link it. */
export interface ObjectRef {
  kind: string;
  name: string;
  namespace?: string;
  /** API group; `''` is the core group. Omitted when obvious from `kind`. */
  group?: string;
}
