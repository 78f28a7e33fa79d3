import type { KubeObject } from '../kube/types';

/**
 * Kinds in the order they must be applied: containers of other objects first (namespaces),
 * then what Gateways refer to (ConfigMaps, Key Vault sync, grants), then Gateways, then routes.
 */
const APPLY_RANK: Record<string, number> = {
  Namespace: 0,
  ServiceAccount: 1,
  ConfigMap: 1,
  SecretProviderClass: 2,
  StaticGatewayConfiguration: 2,
  Deployment: 3,
  ReferenceGrant: 4,
  PeerAuthentication: 4,
  Sidecar: 4,
  Gateway: 5,
  ServiceEntry: 5,
  DestinationRule: 6,
  HTTPRoute: 7,
  TLSRoute: 7,
  VirtualService: 7,
};
const UNKNOWN_KIND_RANK = 8;

/** Stable sort into apply order; objects of the same rank keep their relative order. */
export function sortForApply(objects: readonly KubeObject[]): KubeObject[] {
  return objects
    .map((object, index) => ({ object, index, rank: APPLY_RANK[object.kind] ?? UNKNOWN_KIND_RANK }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(entry => entry.object);
}
