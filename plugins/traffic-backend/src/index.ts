/**
 * The aks-traffic backend plugin: live Gateway API, Istio and egress status of catalog
 * entities across AKS clusters, and safe changes.
 *
 * @packageDocumentation
 */
export { trafficPlugin as default } from './plugin';
