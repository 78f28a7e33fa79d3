import type {
  RouteParentView,
  RouteView,
} from '@aks-traffic/backstage-plugin-traffic-common';
import { failing, ok } from './checks';

const acceptedParent = (
  gateway: string,
  namespace: string,
  sectionName: string,
): RouteParentView => ({
  gatewayRef: { kind: 'Gateway', name: gateway, namespace },
  sectionName,
  listenerNames: [sectionName],
  controllerName: 'istio.io/gateway-controller',
  accepted: ok('Route was valid', 'Accepted'),
  resolvedRefs: ok('All references resolved', 'ResolvedRefs'),
  state: 'ok',
});

/** The seed's httpbin route: healthy, one backend. */
export const httpbinRoute: RouteView = {
  ref: { kind: 'HTTPRoute', name: 'httpbin', namespace: 'default' },
  kind: 'HTTPRoute',
  hostnames: ['httpbin.example.com'],
  urls: ['http://httpbin.example.com/get'],
  rules: [
    {
      matches: [
        {
          path: { type: 'PathPrefix', value: '/get' },
          summary: 'PathPrefix /get',
        },
      ],
      backends: [
        {
          ref: { kind: 'Service', name: 'httpbin', namespace: 'default' },
          port: 8000,
          weight: 1,
          sharePercent: 100,
        },
      ],
      filters: [],
    },
  ],
  parents: [acceptedParent('httpbin-gateway', 'default', 'http')],
  state: 'ok',
};

/** A canary split whose parent rejects it and whose canary Service does not exist. */
export const httpbinCanaryRoute: RouteView = {
  ref: { kind: 'HTTPRoute', name: 'httpbin-canary', namespace: 'default' },
  kind: 'HTTPRoute',
  hostnames: ['canary.aks.rocks'],
  urls: ['http://canary.aks.rocks/'],
  rules: [
    {
      matches: [
        {
          method: 'GET',
          path: { type: 'PathPrefix', value: '/' },
          summary: 'GET PathPrefix /',
        },
      ],
      backends: [
        {
          ref: { kind: 'Service', name: 'httpbin', namespace: 'default' },
          port: 8000,
          weight: 90,
          sharePercent: 90,
        },
        {
          ref: { kind: 'Service', name: 'httpbin-v2', namespace: 'default' },
          port: 8000,
          weight: 10,
          sharePercent: 10,
        },
      ],
      filters: [
        { type: 'URLRewrite', summary: 'URLRewrite: path prefix → /v2' },
      ],
    },
  ],
  parents: [
    {
      gatewayRef: {
        kind: 'Gateway',
        name: 'aks-istio-ingressgateway-external',
        namespace: 'aks-istio-ingress',
      },
      sectionName: 'http',
      listenerNames: ['http'],
      controllerName: 'istio.io/gateway-controller',
      accepted: failing(
        'NotAllowedByListeners',
        'Listener http of Gateway aks-istio-ingress/aks-istio-ingressgateway-external does not admit routes from namespace default',
        'Set allowedRoutes.namespaces.from: All (or a selector matching default) on the listener, or move the route to aks-istio-ingress.',
      ),
      resolvedRefs: failing(
        'BackendNotFound',
        'Service default/httpbin-v2 not found',
        'Create Service httpbin-v2 in default, or remove it from the route backends.',
      ),
      problem: failing(
        'NotAllowedByListeners',
        'Listener http of Gateway aks-istio-ingress/aks-istio-ingressgateway-external does not admit routes from namespace default',
        'Set allowedRoutes.namespaces.from: All (or a selector matching default) on the listener, or move the route to aks-istio-ingress.',
      ),
      state: 'error',
    },
  ],
  problem: failing(
    'NotAllowedByListeners',
    'Listener http of Gateway aks-istio-ingress/aks-istio-ingressgateway-external does not admit routes from namespace default',
    'Set allowedRoutes.namespaces.from: All (or a selector matching default) on the listener, or move the route to aks-istio-ingress.',
  ),
  state: 'error',
};

/** A route no controller has seen yet (no status.parents entry). */
export const unreconciledRoute: RouteView = {
  ref: { kind: 'HTTPRoute', name: 'httpbin-admin', namespace: 'default' },
  kind: 'HTTPRoute',
  hostnames: ['admin.aks.rocks'],
  urls: ['http://admin.aks.rocks/'],
  rules: [
    {
      matches: [{ summary: 'PathPrefix /' }],
      backends: [
        {
          ref: { kind: 'Service', name: 'httpbin', namespace: 'default' },
          port: 8000,
          weight: 1,
          sharePercent: 100,
        },
      ],
      filters: [],
    },
  ],
  parents: [
    {
      gatewayRef: {
        kind: 'Gateway',
        name: 'httpbin-gateway',
        namespace: 'default',
      },
      listenerNames: ['http', 'https'],
      accepted: {
        state: 'pending',
        message: 'No controller has reported on this route yet',
        fix: 'Check that the Gateway class is istio and the istiod revision is running.',
      },
      resolvedRefs: { state: 'unknown', message: 'Not reported' },
      state: 'pending',
    },
  ],
  state: 'pending',
};

/** `count` healthy routes, for paging and speed checks. */
export function manyRoutes(count: number): RouteView[] {
  return Array.from({ length: count }, (_, index) => ({
    ...httpbinRoute,
    ref: {
      ...httpbinRoute.ref,
      name: `route-${String(index).padStart(4, '0')}`,
    },
    hostnames: [`r${index}.example.com`],
    urls: [`http://r${index}.example.com/`],
  }));
}
