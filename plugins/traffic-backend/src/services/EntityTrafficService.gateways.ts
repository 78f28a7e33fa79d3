import {
  metaLabelSelectorRequirements,
  matchesLabelRequirements,
  type GatewayOption,
  type KubeObject,
  type MetaLabelSelector,
} from '@aks-traffic/backstage-plugin-traffic-common';
import type { ClusterCache } from './cache';

/** Listeners of the cluster's Gateways that admit routes from `namespace` (all when not given). */
export function gatewayOptions(
  cache: ClusterCache,
  namespace?: string,
): GatewayOption[] {
  const status = cache.status();
  if (!status.ready) {
    return [];
  }
  const namespaces = cache.index.source('Namespace');
  const options: GatewayOption[] = [];
  for (const gateway of cache.index.source('Gateway').all()) {
    const listeners: GatewayOption['listeners'] = [];
    for (const listener of (gateway.spec?.listeners as any[]) ?? []) {
      const from = (listener.allowedRoutes?.namespaces?.from ?? 'Same') as
        | 'Same'
        | 'All'
        | 'Selector';
      let admitted: string[] | undefined;
      if (from === 'Selector') {
        const selector = metaLabelSelectorRequirements(
          listener.allowedRoutes?.namespaces?.selector as
            | MetaLabelSelector
            | undefined,
        );
        admitted = namespaces
          .all()
          .filter(ns => matchesLabelRequirements(selector, ns.metadata.labels))
          .map(ns => ns.metadata.name);
      }
      const admits =
        !namespace ||
        from === 'All' ||
        (from === 'Same' && gateway.metadata.namespace === namespace) ||
        (from === 'Selector' && admitted!.includes(namespace));
      if (!admits) continue;
      listeners.push({
        name: listener.name,
        protocol: listener.protocol,
        port: listener.port,
        ...(listener.hostname ? { hostname: listener.hostname } : {}),
        allowedRoutesFrom: from,
        ...(admitted ? { allowedRouteNamespaces: admitted } : {}),
      });
    }
    if (listeners.length > 0) {
      options.push({
        cluster: cache.name,
        namespace: gateway.metadata.namespace ?? '',
        name: gateway.metadata.name,
        className: String(gateway.spec?.gatewayClassName ?? ''),
        addresses: addressesOf(gateway),
        listeners,
      });
    }
  }
  return options;
}

function addressesOf(gateway: KubeObject): string[] {
  return (
    (gateway.status?.addresses as Array<{ value?: string }> | undefined) ?? []
  )
    .map(a => a.value)
    .filter((v): v is string => !!v);
}
