import { eventually } from './__testUtils__/simCluster';
import { Harness, startHarness } from './__testUtils__/harness';

jest.setTimeout(30_000);

const gatewayInput = {
  name: 'shop-gateway',
  listeners: [
    { name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { from: 'Same' } },
  ],
};
const routeInput = (name: string, path: string, service = 'httpbin') => ({
  name,
  namespace: 'default',
  gateway: { name: 'shop-gateway' },
  hostnames: ['shop.example.com'],
  rules: [
    {
      matches: [{ path: { type: 'PathPrefix', value: path } }],
      backends: [{ service, port: 8000 }],
    },
  ],
});

describe('preflight from the watch cache', () => {
  let h: Harness;
  afterEach(() => h.stop());

  const submit = (body: object) =>
    h.service.submit({
      body: { cluster: 'aks-test', ...body },
      credentials: h.credentials,
    });
  const cacheReady = () =>
    eventually(() => h.cache!.cluster('aks-test').status().ready);
  const cached = (kind: 'Gateway' | 'HTTPRoute', name: string) =>
    eventually(() =>
      h.cache!.cluster('aks-test').index.source(kind).get('default', name),
    );

  it('reads the parent Gateway, backend Services and routes without API calls once synced', async () => {
    h = await startHarness({ withCache: true });
    await cacheReady();
    expect((await submit({ journey: 'gateway', input: gatewayInput })).state).toBe(
      'applied',
    );
    await cached('Gateway', 'shop-gateway');

    const route = await submit({ journey: 'route', input: routeInput('shop', '/') });
    expect(route.state).toBe('applied');
    expect(route.roundTrips).toMatchObject({ preflight: 0, dryRun: 1, apply: 1 });

    // The ownership check sees the cached route.
    await cached('HTTPRoute', 'shop');
    await expect(
      submit({ journey: 'route', input: routeInput('copy', '/') }),
    ).rejects.toThrow(/already served by HTTPRoute default\/shop/);
  });

  it('confirms a missing object live before rejecting, so a just-created one is never refused', async () => {
    h = await startHarness({ withCache: true });
    await cacheReady();
    await submit({ journey: 'gateway', input: gatewayInput });
    await cached('Gateway', 'shop-gateway');

    // Stop the cache from hearing about new objects: the Service below exists only live.
    h.cache!.stop();
    h.cluster.store.apply(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'fresh', namespace: 'default' },
        spec: { ports: [{ port: 8000 }] },
      },
      { fieldManager: 'kubectl' },
    );
    const route = await submit({
      journey: 'route',
      input: routeInput('fresh', '/fresh', 'fresh'),
    });
    expect(route.state).toBe('applied');
    expect(route.roundTrips!.preflight).toBeGreaterThanOrEqual(1);

    await expect(
      submit({ journey: 'route', input: routeInput('gone', '/gone', 'nowhere') }),
    ).rejects.toThrow(/Service default\/nowhere does not exist/);
  });

  it('reads live while the cluster cache has not synced', async () => {
    h = await startHarness({ withCache: 'not-started' });
    await expect(
      submit({ journey: 'route', input: routeInput('shop', '/') }),
    ).rejects.toThrow(/Gateway default\/shop-gateway does not exist/);
    await submit({ journey: 'gateway', input: gatewayInput });
    const route = await submit({ journey: 'route', input: routeInput('shop', '/') });
    expect(route.state).toBe('applied');
    expect(route.roundTrips!.preflight).toBeGreaterThanOrEqual(2);
  });
});
