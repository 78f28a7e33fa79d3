import { interpretRoute, normalizeParentRef, parentRefKey } from './route';
import { find, fixture, ofKind } from './__testing__/fixtures';

describe('interpretRoute: seed scenarios', () => {
  it('builds the http URL with the first routed path (HTTP seed: curl http://…/get)', () => {
    const objects = fixture('http-gateway');
    const view = interpretRoute({
      route: find(objects, 'HTTPRoute', 'http'),
      gateways: ofKind(objects, 'Gateway'),
      gatewayClasses: ofKind(objects, 'GatewayClass'),
    });
    expect(view).toMatchObject({
      ref: { kind: 'HTTPRoute', name: 'http', namespace: 'default' },
      kind: 'HTTPRoute',
      hostnames: ['httpbin.example.com'],
      urls: ['http://httpbin.example.com/get'],
      state: 'ok',
    });
    expect(view.parents).toEqual([
      expect.objectContaining({
        gatewayRef: {
          kind: 'Gateway',
          name: 'httpbin-gateway',
          namespace: 'default',
        },
        listenerNames: ['http'],
        controllerName: 'istio.io/gateway-controller',
        accepted: {
          state: 'ok',
          reason: 'Accepted',
          message: 'Attached to Gateway default/httpbin-gateway.',
        },
        resolvedRefs: {
          state: 'ok',
          reason: 'ResolvedRefs',
          message: 'All backends resolved.',
        },
        state: 'ok',
      }),
    ]);
    expect(view.rules[0]).toEqual({
      matches: [
        {
          path: { type: 'PathPrefix', value: '/get' },
          summary: 'PathPrefix /get',
        },
      ],
      backends: [
        {
          ref: {
            kind: 'Service',
            group: '',
            name: 'httpbin',
            namespace: 'default',
          },
          port: 8000,
          weight: 1,
          sharePercent: 100,
        },
      ],
      filters: [],
    });
  });

  it('uses https for an HTTPS listener (Key Vault seed)', () => {
    const objects = fixture('https-keyvault');
    const view = interpretRoute({
      route: find(objects, 'HTTPRoute', 'httpbin'),
      gateways: ofKind(objects, 'Gateway'),
    });
    expect(view.urls).toEqual(['https://httpbin.example.com/status']);
    expect(view.state).toBe('ok');
  });

  it('keeps only route hostnames the wildcard listener serves (managed external ingress seed)', () => {
    const objects = fixture('managed-external-ingress');
    const gateways = ofKind(objects, 'Gateway');
    expect(
      interpretRoute({
        route: find(objects, 'HTTPRoute', 'store-admin'),
        gateways,
      }).urls,
    ).toEqual(['http://admin.aks.rocks']);
    expect(
      interpretRoute({
        route: find(objects, 'HTTPRoute', 'store-front'),
        gateways,
      }).urls,
    ).toEqual(['http://store.aks.rocks']);
  });

  it('falls back to the Gateway address when neither route nor listener has a hostname (AGC seed)', () => {
    const objects = fixture('agc');
    const view = interpretRoute({
      route: find(objects, 'HTTPRoute', 'traffic-split-route'),
      gateways: ofKind(objects, 'Gateway'),
    });
    expect(view.urls).toEqual(['http://xxxx.yyyy.alb.azure.com']);
    expect(view.parents[0].controllerName).toBe(
      'alb.networking.azure.io/alb-controller',
    );
    expect(view.rules[0].backends.map(b => b.sharePercent)).toEqual([50, 50]);
  });

  it('explains a namespace the listener does not allow, with matches, weights and filters summarised', () => {
    const objects = fixture('http-gateway');
    const view = interpretRoute({
      route: find(objects, 'HTTPRoute', 'canary'),
      gateways: ofKind(objects, 'Gateway'),
    });
    expect(view.state).toBe('error');
    expect(view.problem).toEqual({
      state: 'error',
      reason: 'NotAllowedByListeners',
      message:
        'Gateway default/httpbin-gateway does not allow routes from namespace team-a.',
      fix: expect.stringContaining('allow namespace team-a'),
    });
    // A rejected parent yields no URL: it would not work.
    expect(view.urls).toEqual([]);
    const rule = view.rules[0];
    expect(rule.matches[0].summary).toBe(
      'GET, PathPrefix /api, header x-canary=true',
    );
    expect(
      rule.backends.map(b => [b.ref.name, b.weight, b.sharePercent]),
    ).toEqual([
      ['api-v1', 90, 90],
      ['api-v2', 10, 10],
      ['api-v3', 0, 0],
    ]);
    expect(rule.filters.map(f => f.summary)).toEqual([
      'URLRewrite: path prefix → /v2',
      'RequestHeaderModifier: set x-env; remove x-debug',
    ]);
  });

  it('marks a route that changed since the controller looked as not yet reconciled', () => {
    const objects = fixture('http-gateway');
    const route = find(objects, 'HTTPRoute', 'canary');
    route.metadata.generation = 4;
    const view = interpretRoute({
      route,
      gateways: ofKind(objects, 'Gateway'),
    });
    expect(view.parents[0].accepted).toMatchObject({
      state: 'pending',
      stale: true,
      reason: 'NotAllowedByListeners',
    });
    expect(view.state).toBe('pending');
  });
});

describe('interpretRoute: parents without status', () => {
  const objects = fixture('http-gateway');
  const route = () => ({
    ...find(fixture('http-gateway'), 'HTTPRoute', 'http'),
    status: { parents: [] },
  });

  it('is pending when no controller has written a parent entry yet', () => {
    const view = interpretRoute({
      route: route(),
      gateways: ofKind(objects, 'Gateway'),
    });
    expect(view.parents[0].accepted).toMatchObject({
      state: 'pending',
      message: expect.stringMatching(/No controller has reported/),
    });
    expect(view.state).toBe('pending');
  });

  it('is an error when the parent Gateway does not exist', () => {
    const view = interpretRoute({ route: route(), gateways: [] });
    expect(view.problem).toMatchObject({
      state: 'error',
      message: 'Gateway default/httpbin-gateway does not exist.',
    });
  });

  it('warns about a route without parentRefs', () => {
    const r = route();
    r.spec = { ...r.spec, parentRefs: [] };
    expect(interpretRoute({ route: r }).problem).toMatchObject({
      state: 'warning',
      message: expect.stringMatching(/no parentRefs/),
    });
  });
});

describe('parent references', () => {
  it('matches a status parentRef written with or without defaults', () => {
    const spec = normalizeParentRef({ name: 'gw' }, 'apps');
    const written = normalizeParentRef(
      {
        group: 'gateway.networking.k8s.io',
        kind: 'Gateway',
        name: 'gw',
        namespace: 'apps',
      },
      'apps',
    );
    expect(parentRefKey(spec)).toBe(parentRefKey(written));
    expect(
      parentRefKey(
        normalizeParentRef({ name: 'gw', sectionName: 'https' }, 'apps'),
      ),
    ).not.toBe(parentRefKey(spec));
  });

  it('uses the non-default port of a listener and skips non-web listeners', () => {
    const objects = fixture('http-gateway');
    const gateway = find(objects, 'Gateway', 'httpbin-gateway');
    gateway.spec.listeners.push({
      name: 'alt',
      port: 8443,
      protocol: 'HTTPS',
      hostname: 'httpbin.example.com',
    });
    gateway.spec.listeners.push({ name: 'tcp', port: 9000, protocol: 'TCP' });
    const view = interpretRoute({
      route: find(objects, 'HTTPRoute', 'http'),
      gateways: [gateway],
    });
    expect(view.urls).toEqual([
      'http://httpbin.example.com/get',
      'https://httpbin.example.com:8443/get',
    ]);
  });
});
