import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadAll } from 'js-yaml';
import express from 'express';
import request from 'supertest';
import { startAksSim, type AksSim } from '@aks-traffic/aks-sim';
import type { Entity } from '@backstage/catalog-model';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  CertificateView,
  ClusterTraffic,
  EntityTrafficResponse,
  RouteView,
} from '@aks-traffic/backstage-plugin-traffic-common';
import { EntityTrafficService } from '../services/EntityTrafficService';
import type { TrafficCache } from '../services/cache';
import {
  capturingLogger,
  eventually,
  startCache,
} from '../services/cache/__testUtils__/simHarness';
import { createReadRouter } from './readRoutes';

const entities = (
  loadAll(
    readFileSync(resolve(__dirname, '../../../../examples/entities.yaml'), 'utf8'),
  ) as Entity[]
).filter(Boolean);

describe('read routes on aks-sim (demo seed, two clusters)', () => {
  let sim: AksSim;
  let cache: TrafficCache;
  let app: express.Express;
  const logger = capturingLogger();
  const bodies: string[] = [];
  const catalog = catalogServiceMock.mock({
    getEntityByRef: async (ref, options) => {
      // A limited user sees nothing: catalog read permission is enforced by the catalog.
      if (((options as any)?.credentials?.principal as any)?.userEntityRef === 'user:default/limited') {
        return undefined;
      }
      return catalogServiceMock({ entities }).getEntityByRef(ref, options as any);
    },
  });

  const get = async (path: string, auth = true) => {
    const req = request(app).get(path);
    const res = auth ? await req.set('Authorization', mockCredentials.user.header()) : await req;
    bodies.push(res.text);
    return res;
  };
  const traffic = async (name: string): Promise<EntityTrafficResponse> => {
    const res = await get(`/entities/component/default/${name}/traffic`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const cluster = (answer: EntityTrafficResponse, name: string): ClusterTraffic =>
    answer.clusters.find(c => c.cluster === name)!;

  beforeAll(async () => {
    sim = await startAksSim({
      clusters: [
        { name: 'aks-prod-weu' },
        { name: 'aks-prod-neu', kubernetesVersion: '1.36', istioRevisions: ['asm-1-27'] },
      ],
      seed: 'demo',
    });
    ({ cache } = startCache({
      sim,
      logger,
      config: { certificates: { warnDays: 30, errorDays: 7 } },
    }));
    const entityTraffic = EntityTrafficService.create({ cache, catalog, logger });
    app = express();
    app.use(
      createReadRouter({
        httpAuth: mockServices.httpAuth({ defaultCredentials: mockCredentials.none() }),
        cache,
        entityTraffic,
        logger,
      }),
    );
    app.use(mockErrorHandler());
    // Let the simulated controllers settle (statuses, CSI sync) before asserting on them.
    await eventually(async () => {
      const answer = await traffic('httpbin');
      const preview = cluster(answer, 'aks-prod-weu')?.routes.find(r => r.ref.name === 'httpbin-preview');
      return preview?.parents[0]?.accepted.reason === 'NotAllowedByListeners';
    }, 10_000);
  }, 30_000);

  afterAll(async () => {
    cache?.stop();
    await sim?.stop();
  });

  it('refuses unauthenticated calls on every route', async () => {
    for (const path of ['/clusters', '/entities/component/default/httpbin/traffic', '/gateways']) {
      const res = await get(path, false);
      expect(res.status).toBe(401);
    }
  });

  it('answers 404 for an entity the caller may not read, and 400 for a malformed ref', async () => {
    const hidden = await request(app)
      .get('/entities/component/default/httpbin/traffic')
      .set('Authorization', mockCredentials.user.header('user:default/limited'));
    expect(hidden.status).toBe(404);
    const unknown = await get('/entities/component/default/nope/traffic');
    expect(unknown.status).toBe(404);
    const bad = await get('/entities/component/default/bad%20name/traffic');
    expect(bad.status).toBe(400);
  });

  it('lists clusters with bundle version, revisions, last sync and missing kinds', async () => {
    const res = await get('/clusters');
    expect(res.status).toBe(200);
    const [weu, neu] = res.body.items;
    expect(weu).toMatchObject({ name: 'aks-prod-weu', reachable: true, gatewayApiVersion: 'v1.2.1' });
    expect(weu.istioRevisions).toContain('asm-1-26');
    expect(weu.missingKinds).toContain('TLSRoute');
    expect(Date.parse(weu.lastSync)).toBeGreaterThan(Date.now() - 60_000);
    expect(neu).toMatchObject({ name: 'aks-prod-neu', reachable: true, gatewayApiVersion: 'v1.5.1' });
    expect(neu.missingKinds ?? []).not.toContain('TLSRoute');
  });

  it('httpbin: routes accepted and NotAllowedByListeners, with URLs from the listener scheme', async () => {
    const weu = cluster(await traffic('httpbin'), 'aks-prod-weu');
    const byName = (name: string) => weu.routes.find(r => r.ref.name === name) as RouteView;
    expect(byName('httpbin').state).toBe('ok');
    expect(byName('httpbin').urls).toContain('https://httpbin.example.com/status');
    expect(byName('http').urls[0]).toMatch(/^http:\/\/httpbin\.example\.com/);
    const preview = byName('httpbin-preview');
    expect(preview.ref.namespace).toBe('httpbin-preview');
    expect(preview.state).toBe('error');
    expect(preview.parents[0].accepted.reason).toBe('NotAllowedByListeners');
    expect(preview.problem?.fix).toBeTruthy();
    expect(weu.gateways.map(g => g.ref.name)).toEqual(['httpbin-gateway']);
    expect(weu.gateways[0].workload?.deployment?.name).toBe('httpbin-gateway-istio');
  });

  it('httpbin: the 10-day certificate warns, the expired one is flagged, the unsynced one explained', async () => {
    const weu = cluster(await traffic('httpbin'), 'aks-prod-weu');
    const cert = (listener: string) =>
      weu.certificates.find(c => c.listenerName === listener) as CertificateView;
    const tenDay = cert('https');
    expect(tenDay.daysLeft).toBeGreaterThanOrEqual(9);
    expect(tenDay.daysLeft).toBeLessThanOrEqual(10);
    expect(tenDay.state).toBe('warning');
    expect(tenDay.source).toMatchObject({ type: 'key-vault', synced: true });
    expect(tenDay.covers).toEqual([{ hostname: 'httpbin.example.com', covered: true, via: 'san' }]);
    expect(cert('https-legacy').state).toBe('expired');
    const unsynced = cert('https-api');
    expect(unsynced.state).toBe('not-synced');
    expect(unsynced.problem).toContain('api-credential-spc');
  });

  it('httpbin on the other cluster: the route on the managed external ingress', async () => {
    const neu = cluster(await traffic('httpbin'), 'aks-prod-neu');
    const route = neu.routes.find(r => r.ref.name === 'httpbin')!;
    expect(route.hostnames).toEqual(['httpbin.aks.rocks']);
    expect(neu.gateways[0].deploymentMode).toBe('manual');
  });

  it('store-front and store-admin: routes on aks-prod-neu only', async () => {
    for (const name of ['store-front', 'store-admin']) {
      const answer = await traffic(name);
      expect(answer.clusters.map(c => c.cluster)).toEqual(['aks-prod-neu']);
      const routes = answer.clusters[0].routes;
      expect(routes.length).toBeGreaterThan(0);
      expect(routes.every(r => r.state === 'ok' || r.state === 'pending')).toBe(true);
    }
  });

  it('curl: egress prefix, hosts in three modes and REGISTRY_ONLY', async () => {
    const weu = cluster(await traffic('curl'), 'aks-prod-weu');
    expect(weu.egress.outboundPolicy).toMatchObject({ mode: 'REGISTRY_ONLY', scope: 'mesh' });
    expect(weu.egress.gateways[0].prefix.kind).toBe('cidr');
    expect(weu.egress.gateways[0].ready).toBe(true);
    expect(new Set(weu.egress.hosts.map(h => h.mode))).toEqual(
      new Set(['http', 'tls-passthrough', 'tls-origination']),
    );
  });

  it('gateways a route from a namespace may attach to', async () => {
    const res = await get('/gateways?cluster=aks-prod-weu&namespace=httpbin-preview');
    expect(res.status).toBe(200);
    // httpbin-gateway only admits `default` (Same / Selector); the preview namespace gets nothing from it.
    expect(res.body.items.find((g: any) => g.name === 'httpbin-gateway')).toBeUndefined();
    const own = await get('/gateways?cluster=aks-prod-weu&namespace=default');
    const gateway = own.body.items.find((g: any) => g.name === 'httpbin-gateway');
    expect(gateway.listeners.map((l: any) => l.name)).toEqual(['http', 'https', 'https-api', 'https-legacy']);
    expect(gateway.listeners[1].allowedRouteNamespaces).toEqual(['default']);
    const all = await get('/gateways?namespace=store');
    expect(all.body.items.some((g: any) => g.cluster === 'aks-prod-neu')).toBe(true);
    expect((await get('/gateways?cluster=nope')).status).toBe(404);
    expect((await get('/gateways?namespace=Bad_NS')).status).toBe(400);
  });

  it('never lets private keys or Secret data reach a response or a log line', async () => {
    const secretValues: string[] = [];
    for (const simCluster of sim.clusters) {
      const secrets = simCluster.store.resourceFor('v1', 'Secret')!;
      for (const secret of simCluster.store.list(secrets)) {
        for (const value of Object.values((secret as any).data ?? {})) {
          secretValues.push(String(value));
        }
      }
    }
    expect(secretValues.length).toBeGreaterThan(2);
    const everything = [...bodies, ...logger.lines];
    expect(everything.length).toBeGreaterThan(10);
    for (const text of everything) {
      expect(text).not.toContain('PRIVATE KEY');
      for (const value of secretValues) {
        expect(text).not.toContain(value.slice(0, 64));
      }
    }
  });
});
