import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import { referenceAllowed } from '../common/referenceGrants';
import { GATEWAY_API_GROUP } from './listeners';

export interface BackendRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
}

/** Every backendRef a route uses: rule backends and RequestMirror filter targets. */
export function routeBackendRefs(route: KubeObject): BackendRef[] {
  const refs: BackendRef[] = [];
  const collectFilters = (filters: unknown) => {
    for (const f of (filters ?? []) as Array<{ type?: string; requestMirror?: { backendRef?: BackendRef } }>) {
      if (f.requestMirror?.backendRef) refs.push(f.requestMirror.backendRef);
    }
  };
  for (const rule of (route.spec?.rules ?? []) as Array<{ backendRefs?: Array<BackendRef & { filters?: unknown }>; filters?: unknown }>) {
    collectFilters(rule.filters);
    for (const ref of rule.backendRefs ?? []) {
      refs.push(ref);
      collectFilters(ref.filters);
    }
  }
  return refs;
}

/** The key a backend is indexed under, so a Service or ServiceEntry event finds its routes. */
export function backendIndexKey(ref: BackendRef, routeNamespace: string): string | undefined {
  const group = ref.group ?? '';
  const kind = ref.kind ?? 'Service';
  if ((group === '' || group === 'core') && kind === 'Service') return `svc:${ref.namespace ?? routeNamespace}/${ref.name}`;
  if (group === 'networking.istio.io' && kind === 'Hostname') return `host:${ref.name}`;
  return undefined;
}

export interface BackendLookups {
  service(namespace: string, name: string): KubeObject | undefined;
  serviceEntryHostExists(host: string): boolean;
  object(group: string, kind: string, namespace: string, name: string): KubeObject | undefined;
  referenceGrants(): KubeObject[];
  domainSuffix: string;
}

/** Istio's ResolvedRefs problem for a route's backends (InvalidKind > RefNotPermitted > BackendNotFound). */
export function backendProblem(route: KubeObject, lookups: BackendLookups): { reason: string; message: string } | undefined {
  const routeNs = route.metadata.namespace ?? 'default';
  const problems: Array<{ rank: number; reason: string; message: string }> = [];
  for (const ref of routeBackendRefs(route)) {
    const group = ref.group === 'core' ? '' : ref.group ?? '';
    const kind = ref.kind ?? 'Service';
    const ns = ref.namespace ?? routeNs;
    if (group === '' && kind === 'Service') {
      const grants = ns === routeNs ? [] : lookups.referenceGrants();
      if (
        !referenceAllowed(
          grants,
          { group: GATEWAY_API_GROUP, kind: route.kind, namespace: routeNs },
          { group: '', kind: 'Service', name: ref.name, namespace: ns },
        )
      ) {
        problems.push({
          rank: 2,
          reason: 'RefNotPermitted',
          message: `backendRef ${ref.name}/${ns} not accessible to a ${route.kind} in namespace "${routeNs}" (missing a ReferenceGrant?)`,
        });
      } else if (!lookups.service(ns, ref.name)) {
        problems.push({ rank: 1, reason: 'BackendNotFound', message: `backend(${ref.name}.${ns}.svc.${lookups.domainSuffix}) not found` });
      }
    } else if (group === 'networking.istio.io' && kind === 'Hostname') {
      if (!lookups.serviceEntryHostExists(ref.name)) {
        problems.push({ rank: 1, reason: 'BackendNotFound', message: `backend(${ref.name}) not found` });
      }
    } else if (
      (group === 'multicluster.x-k8s.io' && kind === 'ServiceImport') ||
      (group === 'inference.networking.k8s.io' && kind === 'InferencePool')
    ) {
      const found = kind === 'ServiceImport' ? lookups.service(ns, ref.name) : lookups.object(group, kind, ns, ref.name);
      if (!found) {
        problems.push({ rank: 1, reason: 'BackendNotFound', message: `backend(${ref.name}.${ns}.svc.${lookups.domainSuffix}) not found` });
      }
    } else {
      problems.push({ rank: 3, reason: 'InvalidKind', message: `referencing unsupported backendRef: group "${group}" kind "${kind}"` });
    }
  }
  if (problems.length === 0) return undefined;
  const worst = problems.reduce((a, b) => (b.rank > a.rank ? b : a));
  return { reason: worst.reason, message: worst.message };
}
