/** The traffic backend's REST shapes; all defined once in traffic-common. */
export type {
  ChangeDecisionRequest,
  ChangeList,
  ChangeListItem,
  ChangeObjectRef,
  ChangeRecord,
  ChangeState,
  ChangeWithdrawRequest,
  ClusterSummary,
  EntityTrafficResponse,
  GatewayOption,
  ListChangesQuery,
  SubmitChangeRequest,
  SubmittedChange,
} from '@aks-traffic/backstage-plugin-traffic-common';
