/**
 * Scaffolder actions that create Gateways, HTTPRoutes, TLS from Azure Key Vault and Istio
 * egress on AKS, delivered as files (GitOps) or applied through the traffic backend.
 *
 * @packageDocumentation
 */
export { scaffolderModuleTraffic as default } from './module';
export { createTrafficActions } from './actions';
