/**
 * Backstage frontend plugin for AKS traffic: entity cards for routes, TLS certificates and
 * egress, the Traffic tab, the approvals page and template field extensions.
 *
 * @packageDocumentation
 */
export {
  trafficPlugin,
  EntityTrafficRoutesCard,
  EntityTrafficCertificatesCard,
  EntityTrafficEgressCard,
  EntityTrafficContent,
  TrafficApprovalsPage,
  TrafficClusterPickerFieldExtension,
  TrafficGatewayPickerFieldExtension,
  TrafficHostnameFieldExtension,
} from './plugin';
export { isTrafficAvailable } from './isTrafficAvailable';
export { TrafficClient, trafficApiRef } from './api';
export type {
  TrafficApi,
  EntityTrafficRequest,
  ChangeDecisionRequest,
  ChangeList,
  ChangeListItem,
  ChangeObjectRef,
  ChangeRecord,
  ChangeState,
  ChangeWithdrawRequest,
  SubmitChangeRequest,
  SubmittedChange,
  ListChangesQuery,
} from './api';
export {
  approvalsRouteRef,
  createFromTemplateRouteRef,
  entityContentRouteRef,
} from './routes';
export type {
  GatewayListenerValue,
  TrafficClusterPickerUiOptions,
  TrafficGatewayPickerUiOptions,
  TrafficHostnameFieldUiOptions,
} from './components/fields';
