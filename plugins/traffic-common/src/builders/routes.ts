import type { KubeObject } from '../kube/types';
import type { RouteInput, RouteRuleInput } from '../schemas/routeInput';
import { ISTIO_GATEWAY_RESOURCE_SUFFIX } from './rules/nameRules';
import { boundedName, compact, GATEWAY_API_V1 } from './names';
import { buildReferenceGrants } from './referenceGrants';

/** Namespace of the parent Gateway (the route's own when not given). */
export function parentGatewayNamespace(input: RouteInput): string {
  return input.gateway.namespace ?? input.namespace;
}

function parentRef(input: RouteInput): Record<string, unknown> {
  const { gateway } = input;
  return compact({
    name: gateway.name,
    // Like the seeds: the namespace only when the user named one (AGC seed names its own).
    namespace: gateway.namespace,
    sectionName: gateway.sectionName,
    port: gateway.port,
  });
}

function backendRefs(rule: RouteRuleInput): Record<string, unknown>[] {
  return rule.backends.map(backend =>
    compact({
      name: backend.service,
      namespace: backend.namespace,
      port: backend.port,
      weight: backend.weight,
    }),
  );
}

function rewritePath(path: NonNullable<RouteRuleInput['urlRewrite']>['path']) {
  if (!path) return undefined;
  return path.type === 'ReplacePrefixMatch'
    ? { type: 'ReplacePrefixMatch', replacePrefixMatch: path.value }
    : { type: 'ReplaceFullPath', replaceFullPath: path.value };
}

function urlRewriteFilter(rule: RouteRuleInput): Record<string, unknown> | undefined {
  const rewrite = rule.urlRewrite;
  if (!rewrite) return undefined;
  return { type: 'URLRewrite', urlRewrite: compact({ hostname: rewrite.hostname, path: rewritePath(rewrite.path) }) };
}

/** HTTPRoute: hostnames, PathPrefix/Exact matches, weighted backends, URL rewrites. */
export function buildHttpRoute(input: RouteInput): KubeObject {
  return {
    apiVersion: GATEWAY_API_V1,
    kind: 'HTTPRoute',
    metadata: { name: input.name, namespace: input.namespace },
    spec: compact({
      parentRefs: [parentRef(input)],
      hostnames: input.hostnames.length > 0 ? [...input.hostnames] : undefined,
      rules: input.rules.map(rule => {
        const filter = urlRewriteFilter(rule);
        return compact({
          matches: rule.matches.length > 0 ? rule.matches.map(match => ({ path: { ...match.path } })) : undefined,
          filters: filter ? [filter] : undefined,
          backendRefs: backendRefs(rule),
        });
      }),
    }),
  };
}

/** TLSRoute for a passthrough listener (Gateway API v1.5.1+): SNI hostnames to backends. */
export function buildTlsRoute(input: RouteInput): KubeObject {
  return {
    apiVersion: GATEWAY_API_V1,
    kind: 'TLSRoute',
    metadata: { name: input.name, namespace: input.namespace },
    spec: {
      parentRefs: [parentRef(input)],
      hostnames: [...input.hostnames],
      rules: input.rules.map(rule => ({ backendRefs: backendRefs(rule) })),
    },
  };
}

/** Name of the Service Istio's automated deployment creates for a Gateway. */
export function istioGatewayServiceName(gatewayName: string): string {
  return `${gatewayName}${ISTIO_GATEWAY_RESOURCE_SUFFIX}`;
}

/**
 * Front Door origin health probes hit `/probe`; Envoy answers readiness on 15021 at
 * `/healthz/ready`. The Front Door seed does this with a VirtualService rewrite next to the
 * gateway; this is the Gateway API equivalent, an HTTPRoute in the Gateway's namespace with no
 * hostnames (the seed's `hosts: "*"`) sending the probe to the gateway's own Service.
 */
export function buildFrontDoorHealthProbeRoute(input: RouteInput): KubeObject | undefined {
  const probe = input.frontDoorHealthProbe;
  if (!probe?.enabled) return undefined;
  const namespace = parentGatewayNamespace(input);
  return {
    apiVersion: GATEWAY_API_V1,
    kind: 'HTTPRoute',
    metadata: { name: boundedName(`${input.gateway.name}-frontdoor-health-probe`, 253), namespace },
    spec: {
      parentRefs: [compact({ name: input.gateway.name, sectionName: input.gateway.sectionName, port: input.gateway.port })],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: probe.probePath } }],
          filters: [
            { type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: probe.readinessPath } } },
          ],
          backendRefs: [
            { name: probe.gatewayServiceName ?? istioGatewayServiceName(input.gateway.name), port: probe.readinessPort },
          ],
        },
      ],
    },
  };
}

/** All objects for a route input in apply order: grants for cross-namespace backends, then routes. */
export function buildRouteObjects(input: RouteInput): KubeObject[] {
  const grants = buildReferenceGrants(
    input.rules.flatMap(rule =>
      rule.backends.map(backend => ({
        fromKind: input.kind,
        fromNamespace: input.namespace,
        fromName: input.name,
        toKind: 'Service' as const,
        toNamespace: backend.namespace ?? input.namespace,
        toName: backend.service,
      })),
    ),
  );
  const route = input.kind === 'TLSRoute' ? buildTlsRoute(input) : buildHttpRoute(input);
  const probe = buildFrontDoorHealthProbeRoute(input);
  return [...grants, route, ...(probe ? [probe] : [])];
}
