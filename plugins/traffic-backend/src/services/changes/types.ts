import type {
  ChangeObjectAction,
  ChangeObjectRef,
  ChangePlanItem,
  ChangeRecord as ChangeAnswer,
} from '@aks-traffic/backstage-plugin-traffic-common';

export {
  CHANGE_STATES,
  changeObjectRefOf as refOf,
  describeChangeObjectRef as describeRef,
} from '@aks-traffic/backstage-plugin-traffic-common';
export type { ChangeState } from '@aks-traffic/backstage-plugin-traffic-common';

/** What happens (or happened) to one object of a change. */
export type ObjectAction = ChangeObjectAction;

/** `kind namespace/name` of one object, as the API and the scaffolder outputs report it. */
export type ObjectRef = ChangeObjectRef;

/** One object's dry-run outcome and its difference from the live object. */
export type ObjectPlan = ChangePlanItem;

/**
 * A change as the `changes` table stores it: the API's ChangeRecord (traffic-common, what
 * `GET /changes/:id` returns) without the links the API adds to its answers.
 */
export type ChangeRecord = Omit<ChangeAnswer, 'approvalUrl'>;
