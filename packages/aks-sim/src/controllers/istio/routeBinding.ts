import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import { groupOf } from '../common/kinds';
import type { DesiredCondition } from '../common/conditions';
import { routeMatchesListenerHostname } from '../common/hostnames';
import { matchesLabelSelector } from '../common/labelSelector';
import { GATEWAY_API_GROUP, type EvaluatedListener } from './listeners';

export interface ParentRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  sectionName?: string;
  port?: number;
}

/** A parent Gateway this controller owns, with its evaluated listeners. */
export interface ParentGateway {
  key: string;
  namespace: string;
  listeners: EvaluatedListener[];
}

export interface RouteBindingLookups {
  /** The Gateway if it exists and this controller (and revision) owns it; otherwise undefined. */
  ownedGateway(namespace: string, name: string): ParentGateway | undefined;
  namespaceLabels(namespace: string): Record<string, string> | undefined;
  /** Returns a ResolvedRefs problem for the route's backends, or undefined when all resolve. */
  backendProblem(route: KubeObject): { reason: string; message: string } | undefined;
}

export interface ParentResult {
  parentRef: ParentRef;
  gatewayKey: string;
  conditions: DesiredCondition[];
  /** Listener names the route bound to on this parent. */
  boundListeners: string[];
}

interface BindError {
  reason: 'NotAllowedByListeners' | 'NoMatchingListenerHostname';
  message: string;
  rank: number;
}

/** Computes Istio's parent statuses for one route (only for Gateway parents this controller owns). */
export function bindRoute(route: KubeObject, lookups: RouteBindingLookups): ParentResult[] {
  const routeNs = route.metadata.namespace ?? 'default';
  const routeGroup = groupOf(route.apiVersion);
  const hostnames = (route.spec?.hostnames ?? []) as string[];
  const parentRefs = (route.spec?.parentRefs ?? []) as ParentRef[];
  const backend = lookups.backendProblem(route);
  const resolvedRefs: DesiredCondition = backend
    ? { type: 'ResolvedRefs', status: 'False', ...backend }
    : { type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs', message: 'All references resolved' };

  const results: ParentResult[] = [];
  for (const parentRef of parentRefs) {
    if ((parentRef.group ?? GATEWAY_API_GROUP) !== GATEWAY_API_GROUP || (parentRef.kind ?? 'Gateway') !== 'Gateway') {
      continue; // mesh (GAMMA) parents are not simulated
    }
    const gwNs = parentRef.namespace ?? routeNs;
    const gateway = lookups.ownedGateway(gwNs, parentRef.name);
    if (!gateway) continue;

    let candidates = gateway.listeners.filter(l => l.accepted);
    let accepted: DesiredCondition | undefined;
    if (parentRef.sectionName !== undefined) {
      candidates = candidates.filter(l => l.listener.name === parentRef.sectionName);
      if (candidates.length === 0) {
        accepted = notAccepted('NoMatchingParent', `sectionName "${parentRef.sectionName}" not found`);
      }
    }
    if (!accepted && parentRef.port !== undefined) {
      candidates = candidates.filter(l => l.listener.port === parentRef.port);
      if (candidates.length === 0) accepted = notAccepted('NoMatchingParent', `port ${parentRef.port} not found`);
    }

    const bound: string[] = [];
    if (!accepted) {
      let worst: BindError | undefined;
      for (const candidate of candidates) {
        const error = listenerRejects(candidate, route, routeGroup, routeNs, gwNs, hostnames, lookups);
        if (!error) bound.push(candidate.listener.name);
        else if (!worst || error.rank > worst.rank) worst = error;
      }
      if (bound.length > 0) {
        accepted = {
          type: 'Accepted',
          status: 'True',
          reason: 'Accepted',
          message: bound.length > 1 ? `Route was valid, bound to ${bound.length} parents` : 'Route was valid',
        };
      } else {
        accepted = worst
          ? notAccepted(worst.reason, worst.message)
          : notAccepted('NoMatchingParent', 'no listeners are accepted on the parent');
      }
    }
    results.push({ parentRef, gatewayKey: gateway.key, conditions: [accepted, resolvedRefs], boundListeners: bound });
  }
  return results;
}

function notAccepted(reason: string, message: string): DesiredCondition {
  return { type: 'Accepted', status: 'False', reason, message };
}

/** Istio checks kind, then hostname, then namespace; the most specific failure is reported. */
function listenerRejects(
  evaluated: EvaluatedListener,
  route: KubeObject,
  routeGroup: string,
  routeNs: string,
  gatewayNs: string,
  hostnames: string[],
  lookups: RouteBindingLookups,
): BindError | undefined {
  const { listener } = evaluated;
  if (!evaluated.supportedKinds.some(k => k.group === routeGroup && k.kind === route.kind)) {
    return { reason: 'NotAllowedByListeners', message: `kind ${route.apiVersion}/${route.kind} is not allowed`, rank: 1 };
  }
  if (!routeMatchesListenerHostname(listener.hostname, hostnames)) {
    return {
      reason: 'NoMatchingListenerHostname',
      message: `no hostnames matched parent hostname "${listener.hostname ?? ''}"`,
      rank: 2,
    };
  }
  const from = listener.allowedRoutes?.namespaces?.from ?? 'Same';
  const allowed =
    from === 'All' ||
    (from === 'Same' && routeNs === gatewayNs) ||
    (from === 'Selector' &&
      matchesLabelSelector(listener.allowedRoutes?.namespaces?.selector, lookups.namespaceLabels(routeNs)));
  if (!allowed) {
    return {
      reason: 'NotAllowedByListeners',
      message: `hostnames matched parent hostname "${listener.hostname ?? ''}", but namespace "${routeNs}" is not allowed by the parent`,
      rank: 3,
    };
  }
  return undefined;
}
