/**
 * Status interpretation: Kubernetes objects (plain JSON) in, view model out. Pure functions, browser-safe.
 */
export { summarize, primaryProblem } from './state';
export {
  readConditions,
  findCondition,
  isStale,
  isCrdDefaultPending,
} from './conditions';
export { explainCondition, EXPLAINED_REASONS } from './catalogue';
export type {
  CertificateRefHint,
  ConditionScope,
  ExplainContext,
  Explanation,
} from './catalogue';
export { conditionCheck } from './checks';
export type { ConditionCheckOptions } from './checks';
export {
  gatewayHostnameMatches,
  intersectHostnames,
  certificateNameCovers,
} from './hostnames';
export { interpretGateway } from './gateway';
export type { GatewayInterpretationInput } from './gateway';
export { interpretRoute, normalizeParentRef, parentRefKey } from './route';
export type { RouteInterpretationInput, NormalizedParentRef } from './route';
export { readRouteRules, summarizeFilter } from './routeRules';
export { routeUrls, linkPath } from './routeUrls';
export type { UrlListener } from './routeUrls';
export {
  ISTIO_CONTROLLER_NAME,
  isIstioClass,
  gatewayDeploymentMode,
  compareRevisions,
  owningRevision,
} from './revision';
export type { OwningRevision } from './revision';
export {
  findGatewayWorkload,
  workloadHealth,
  deploymentHealth,
  serviceHealth,
  autoscalerHealth,
  disruptionBudgetHealth,
} from './workload';
export type { GatewayWorkloadObjects } from './workload';
export {
  secretProviderClassFor,
  keyVaultObjectFor,
  certificateSource,
  certificateRefHints,
} from './keyVault';
export {
  DEFAULT_CERTIFICATE_THRESHOLDS,
  daysLeft,
  hostnameCoverage,
  chainView,
  interpretCertificate,
} from './certificates';
export type { CertificateInput } from './certificates';
export { classifyClusterError } from './clusterError';
export * from './egress';
