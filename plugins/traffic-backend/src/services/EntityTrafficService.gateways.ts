import type { GatewayOption, KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import type { ClusterCache } from './cache';
import { matchesLabelSelector, type LabelSelector } from './EntityTrafficService.matching';

interface MatchExpression {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** A metav1.LabelSelector (matchLabels + matchExpressions) as our parsed selector. */
function fromLabelSelector(value: unknown): LabelSelector {
  const selector = (value ?? {}) as {
    matchLabels?: Record<string, string>;
    matchExpressions?: MatchExpression[];
  };
  const requirements: LabelSelector = Object.entries(selector.matchLabels ?? {}).map(
    ([key, v]) => ({ key, op: '=' as const, value: v }),
  );
  for (const e of selector.matchExpressions ?? []) {
    if (e.operator === 'In') requirements.push({ key: e.key, op: 'in', values: e.values ?? [] });
    else if (e.operator === 'NotIn') requirements.push({ key: e.key, op: 'notin', values: e.values ?? [] });
    else if (e.operator === 'Exists') requirements.push({ key: e.key, op: 'exists' });
    else requirements.push({ key: e.key, op: '!exists' });
  }
  return requirements;
}

/** Listeners of the cluster's Gateways that admit routes from `namespace` (all when not given). */
export function gatewayOptions(cache: ClusterCache, namespace?: string): GatewayOption[] {
  const status = cache.status();
  if (!status.ready) {
    return [];
  }
  const namespaces = cache.index.source('Namespace');
  const options: GatewayOption[] = [];
  for (const gateway of cache.index.source('Gateway').all()) {
    const listeners: GatewayOption['listeners'] = [];
    for (const listener of (gateway.spec?.listeners as any[]) ?? []) {
      const from = (listener.allowedRoutes?.namespaces?.from ?? 'Same') as 'Same' | 'All' | 'Selector';
      let admitted: string[] | undefined;
      if (from === 'Selector') {
        const selector = fromLabelSelector(listener.allowedRoutes?.namespaces?.selector);
        admitted = namespaces
          .all()
          .filter(ns => matchesLabelSelector(selector, ns.metadata.labels))
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
  return ((gateway.status?.addresses as Array<{ value?: string }> | undefined) ?? [])
    .map(a => a.value)
    .filter((v): v is string => !!v);
}
