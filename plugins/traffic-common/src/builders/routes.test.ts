import { parseRouteInput } from '../schemas/routeInput';
import { buildFrontDoorHealthProbeRoute, buildHttpRoute, buildRouteObjects, buildTlsRoute } from './routes';
import { crdErrors, seedManifest } from './__testUtils__/seeds';

describe('buildHttpRoute against the seeds', () => {
  it('builds the "http" route of the Istio ingress seed', () => {
    const input = parseRouteInput({
      cluster: 'c',
      name: 'http',
      namespace: 'default',
      gateway: { name: 'httpbin-gateway' },
      hostnames: ['httpbin.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/get' } }], backends: [{ service: 'httpbin', port: 8000 }] }],
    });
    expect(buildHttpRoute(input)).toEqual(seedManifest('istio-gateway-api-ingress-aks', 'HTTPRoute', 'http'));
  });

  it('builds the HTTPS route with two path prefixes (TLS section of the ingress seed)', () => {
    const input = parseRouteInput({
      cluster: 'c',
      name: 'httpbin',
      gateway: { name: 'httpbin-gateway' },
      hostnames: ['httpbin.example.com'],
      rules: [
        {
          matches: [{ path: { value: '/status' } }, { path: { value: '/delay' } }],
          backends: [{ service: 'httpbin', port: '8000' }],
        },
      ],
    });
    const seed = seedManifest('istio-gateway-api-ingress-aks', 'HTTPRoute', 'httpbin');
    expect(buildHttpRoute(input)).toEqual({ ...seed, metadata: { ...seed.metadata, namespace: 'default' } });
  });

  it.each(['store-admin', 'store-front'])('builds %s with a cross-namespace parentRef (managed external ingress seed)', name => {
    const input = parseRouteInput({
      cluster: 'c',
      name,
      namespace: 'pets',
      gateway: { name: 'gateway', namespace: 'aks-istio-ingress' },
      hostnames: [`${name === 'store-admin' ? 'admin' : 'store'}.aks.rocks`],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backends: [{ service: name, port: 80 }] }],
    });
    const objects = buildRouteObjects(input);
    // A parentRef across namespaces needs allowedRoutes on the Gateway, not a ReferenceGrant.
    expect(objects).toEqual([seedManifest('gateway-api-managed-istio-external-ingress', 'HTTPRoute', name)]);
  });

  it('builds the AGC route without matches (AGC seed)', () => {
    const input = parseRouteInput({
      cluster: 'c',
      name: 'traffic-split-mesh-route',
      namespace: 'test-infra',
      gateway: { name: 'gateway-01', namespace: 'test-infra' },
      rules: [{ backends: [{ service: 'backend-v1', port: 8080 }] }],
    });
    expect(buildHttpRoute(input)).toEqual(seedManifest('app-gateway-for-containers-istio', 'HTTPRoute', 'traffic-split-mesh-route'));
  });
});

describe('route features', () => {
  it('splits traffic by weight and grants access to a backend in another namespace', () => {
    const input = parseRouteInput({
      cluster: 'c',
      name: 'split',
      namespace: 'web',
      gateway: { name: 'gw', sectionName: 'https' },
      hostnames: ['shop.example.com'],
      rules: [
        {
          backends: [
            { service: 'backend-v1', port: 8080, weight: 90 },
            { service: 'backend-v2', namespace: 'canary', port: 8080, weight: 10 },
          ],
        },
      ],
    });
    const objects = buildRouteObjects(input);
    expect(objects.map(o => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'ReferenceGrant/canary/web-httproute-split',
      'HTTPRoute/web/split',
    ]);
    expect(objects[0].spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'web' }],
      to: [{ group: '', kind: 'Service', name: 'backend-v2' }],
    });
    expect(objects[1].spec.parentRefs).toEqual([{ name: 'gw', sectionName: 'https' }]);
    expect(objects[1].spec.rules[0].backendRefs).toEqual([
      { name: 'backend-v1', port: 8080, weight: 90 },
      { name: 'backend-v2', namespace: 'canary', port: 8080, weight: 10 },
    ]);
    expect(crdErrors(objects, 'v1.2.1')).toEqual([]);
  });

  it('writes URL rewrites as a URLRewrite filter', () => {
    const input = parseRouteInput({
      cluster: 'c',
      name: 'api',
      gateway: { name: 'gw' },
      rules: [
        {
          matches: [{ path: { value: '/v1' } }],
          urlRewrite: { hostname: 'api.internal.example.com', path: { value: '/' } },
          backends: [{ service: 'api', port: 80 }],
        },
        {
          matches: [{ path: { type: 'Exact', value: '/old' } }],
          urlRewrite: { path: { type: 'ReplaceFullPath', value: '/new' } },
          backends: [{ service: 'api', port: 80 }],
        },
      ],
    });
    const route = buildHttpRoute(input);
    expect(route.spec.rules.map((r: any) => r.filters)).toEqual([
      [{ type: 'URLRewrite', urlRewrite: { hostname: 'api.internal.example.com', path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }],
      [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: '/new' } } }],
    ]);
    expect(crdErrors([route], 'v1.2.1')).toEqual([]);
  });

  it('routes the Front Door health probe to the gateway readiness port like the Front Door seed', () => {
    const input = parseRouteInput({
      cluster: 'c',
      name: 'echoserver',
      gateway: { name: 'istio-ingress', namespace: 'istio-ingress' },
      rules: [{ backends: [{ service: 'echoserver', port: 8080 }] }],
      frontDoorHealthProbe: { gatewayServiceName: 'istio-ingress' },
    });
    const probe = buildFrontDoorHealthProbeRoute(input)!;
    const seed = seedManifest('istio-front-door-private-link', 'VirtualService', 'healthcheck');
    const [seedHttp] = seed.spec.http;
    // Same namespace as the seed's VirtualService, same match, rewrite and destination.
    expect(probe.metadata.namespace).toBe(seed.metadata.namespace);
    const [rule] = probe.spec.rules;
    expect(rule.matches).toEqual([{ path: { type: 'PathPrefix', value: seedHttp.match[0].uri.prefix } }]);
    expect(rule.filters[0].urlRewrite.path.replacePrefixMatch).toBe(seedHttp.rewrite.uri);
    const destination = seedHttp.route[0].destination;
    expect(`${rule.backendRefs[0].name}.${probe.metadata.namespace}.svc.cluster.local`).toBe(destination.host);
    expect(rule.backendRefs[0].port).toBe(destination.port.number);
    // No hostnames: like the seed's hosts "*", it answers whatever host Front Door probes with.
    expect(probe.spec.hostnames).toBeUndefined();
    expect(crdErrors(buildRouteObjects(input), 'v1.2.1')).toEqual([]);
  });

  it('defaults the probe backend to the automated deployment Service <gateway>-istio:15021', () => {
    const input = parseRouteInput({
      cluster: 'c',
      name: 'app',
      gateway: { name: 'ingress' },
      rules: [{ backends: [{ service: 'app', port: 80 }] }],
      frontDoorHealthProbe: {},
    });
    expect(buildFrontDoorHealthProbeRoute(input)!.spec.rules[0].backendRefs).toEqual([{ name: 'ingress-istio', port: 15021 }]);
  });

  it('builds a TLSRoute for passthrough that validates on v1.5.1', () => {
    const input = parseRouteInput({
      cluster: 'c',
      name: 'db',
      kind: 'TLSRoute',
      gateway: { name: 'gw', sectionName: 'tls' },
      hostnames: ['db.example.com'],
      rules: [{ backends: [{ service: 'db', port: 5432 }] }],
    });
    const route = buildTlsRoute(input);
    expect(route).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'TLSRoute',
      metadata: { name: 'db', namespace: 'default' },
      spec: {
        parentRefs: [{ name: 'gw', sectionName: 'tls' }],
        hostnames: ['db.example.com'],
        rules: [{ backendRefs: [{ name: 'db', port: 5432 }] }],
      },
    });
    expect(crdErrors([route], 'v1.5.1')).toEqual([]);
  });
});
