import { X509Certificate } from 'node:crypto';
import { createClusterStore } from '../store/clusterStore';
import { startAksSim } from '../sim/startAksSim';
import { eventually } from '../sim/__testUtils__/clients';
import { loadScale } from '.';

const GW = 'gateway.networking.k8s.io/v1';

describe('loadScale', () => {
  it('writes deterministic, valid objects spread over gateways, namespaces and components', () => {
    const store = createClusterStore({ gatewayApiVersion: 'v1.2.1' });
    const result = loadScale(store, {
      routes: 30,
      gateways: 12,
      tlsSecrets: 5,
      components: 7,
    });
    expect(result.namespaces).toEqual(['scale-0', 'scale-1']);
    expect(result.counts).toEqual({
      Namespace: 2,
      Secret: 5,
      Gateway: 12,
      Service: 14,
      HTTPRoute: 30,
    });

    const routeType = store.resourceFor(GW, 'HTTPRoute')!;
    const route = store.get(routeType, 'scale-1', 'route-13')!;
    expect(route.metadata.labels).toEqual({
      'backstage.io/kubernetes-id': 'svc-6',
    });
    expect(route.spec.parentRefs).toEqual([
      {
        group: 'gateway.networking.k8s.io',
        kind: 'Gateway',
        name: 'gw-1',
        namespace: 'scale-1',
      },
    ]);
    expect(route.spec.hostnames).toEqual(['route-13.gw-1.scale.example.com']);
    expect(
      store
        .list(routeType, { labelSelector: 'backstage.io/kubernetes-id=svc-0' })
        .map(r => r.metadata.name)
        .sort(),
    ).toEqual(['route-0', 'route-14', 'route-21', 'route-28', 'route-7']);

    const gateway = store.get(
      store.resourceFor(GW, 'Gateway')!,
      'scale-0',
      'gw-4',
    )!;
    expect(gateway.spec.listeners.map((l: { name: string }) => l.name)).toEqual(
      ['http', 'https'],
    );
    expect(gateway.spec.listeners[1].tls.certificateRefs[0].name).toBe('tls-4');
    const secret = store.get(
      store.resourceFor('v1', 'Secret')!,
      'scale-0',
      'tls-4',
    )!;
    const certificate = new X509Certificate(
      Buffer.from((secret.data as Record<string, string>)['tls.crt'], 'base64'),
    );
    expect(Date.parse(certificate.validTo)).toBeGreaterThan(Date.now());
  });

  it('gateways without a Secret in their namespace get the HTTP listener only', () => {
    const store = createClusterStore({ gatewayApiVersion: 'v1.5.1' });
    loadScale(store, { routes: 0, gateways: 3, tlsSecrets: 0, namespaces: 1 });
    const gateways = store.list(store.resourceFor(GW, 'Gateway')!);
    expect(gateways.map(g => g.spec.listeners.length)).toEqual([1, 1, 1]);
  });

  it('the simulated istiod accepts the generated routes and resolves the certificates', async () => {
    const sim = await startAksSim({ clusters: 1 });
    try {
      const store = sim.clusters[0].store;
      loadScale(store, { routes: 20, gateways: 4, tlsSecrets: 4 });
      const routeType = store.resourceFor(GW, 'HTTPRoute')!;
      await eventually(() =>
        store
          .list(routeType)
          .every(r =>
            r.status?.parents?.[0]?.conditions?.some(
              (c: { type: string; status: string }) =>
                c.type === 'Accepted' && c.status === 'True',
            ),
          ),
      );
      const gateway = store.get(
        store.resourceFor(GW, 'Gateway')!,
        'scale-0',
        'gw-0',
      )!;
      const https = gateway.status.listeners.find(
        (l: { name: string }) => l.name === 'https',
      );
      expect(
        https.conditions.find(
          (c: { type: string }) => c.type === 'ResolvedRefs',
        ).status,
      ).toBe('True');
      expect(https.attachedRoutes).toBe(5);
    } finally {
      await sim.stop();
    }
  });

  // Manual benchmark: AKS_SIM_BENCH=1 backstage-cli package test --watchAll=false src/seeds/loadScale
  (process.env.AKS_SIM_BENCH ? describe : describe.skip)('benchmark', () => {
    it('loads 1,000 routes, 100 gateways and 500 secrets in a few seconds', () => {
      const store = createClusterStore({ gatewayApiVersion: 'v1.2.1' });
      const started = process.hrtime.bigint();
      const result = loadScale(store, {
        routes: 1000,
        gateways: 100,
        tlsSecrets: 500,
      });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // eslint-disable-next-line no-console
      console.log(
        `loadScale: ${JSON.stringify(result.counts)} in ${ms.toFixed(0)} ms`,
      );
      expect(ms).toBeLessThan(5000);
    });
  });
});
