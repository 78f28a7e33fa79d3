/**
 * Benchmark of the traffic backend's entity endpoint against @backstage/plugin-kubernetes-backend,
 * side by side in one Backstage test backend, over 20 simulated AKS clusters × 1,000 HTTPRoutes,
 * 100 Gateways and 500 TLS Secrets each (aks-sim `loadScale`).
 *
 * The simulated clusters run in a child process behind counting proxies, so the parent's RSS is the
 * backend's alone and every API call either plugin makes is counted.
 *
 * Run from the repository root (Node 24, no build step):
 *   node --expose-gc --require @backstage/cli/config/nodeTransform.cjs test/bench/traffic-read.ts \
 *     [--clusters 20] [--routes 1000] [--gateways 100] [--secrets 500] [--warm 300] [--cold 3] [--k8s 30]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    clusters: { type: 'string', default: '20' },
    routes: { type: 'string', default: '1000' },
    gateways: { type: 'string', default: '100' },
    secrets: { type: 'string', default: '500' },
    warm: { type: 'string', default: '300' },
    cold: { type: 'string', default: '3' },
    k8s: { type: 'string', default: '30' },
    entity: { type: 'string', default: 'svc-7' },
    'sim-child': { type: 'boolean', default: false },
  },
});

interface ClusterAccess {
  name: string;
  url: string;
  token: string;
}

type ChildMessage =
  | { type: 'ready'; clusters: ClusterAccess[]; loadMs: number; counts: Record<string, number> }
  | { type: 'count'; value: number };

// ---------------------------------------------------------------- child: the simulated clusters
async function runSimChild() {
  const { startAksSim } = require('../../packages/aks-sim/src') as typeof import('../../packages/aks-sim/src');
  const { loadScale } = require('../../packages/aks-sim/src/seeds') as typeof import('../../packages/aks-sim/src/seeds');
  const started = Date.now();
  const sim = await startAksSim({ clusters: Number(values.clusters), controllers: true, bookmarkIntervalMs: 60_000 });
  let counts: Record<string, number> = {};
  for (const cluster of sim.clusters) {
    counts = loadScale(cluster.store, {
      routes: Number(values.routes),
      gateways: Number(values.gateways),
      tlsSecrets: Number(values.secrets),
    }).counts;
  }
  // Let the simulated Istio controller write the statuses (routes with status are what real clusters hold).
  await new Promise(resolve => setTimeout(resolve, 3000));
  let requests = 0;
  const clusters: ClusterAccess[] = [];
  for (const cluster of sim.clusters) {
    const target = new URL(cluster.url);
    const proxy = createServer((req, res) => {
      requests++;
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        answer => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
      res.on('close', () => upstream.destroy());
    });
    proxy.requestTimeout = 0;
    await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', () => resolve()));
    const address = proxy.address() as { port: number };
    clusters.push({ name: cluster.name, url: `http://127.0.0.1:${address.port}`, token: cluster.token });
  }
  process.on('message', (message: { type: string }) => {
    if (message.type === 'count') process.send!({ type: 'count', value: requests });
    if (message.type === 'stop') void sim.stop().then(() => process.exit(0));
  });
  process.send!({ type: 'ready', clusters, loadMs: Date.now() - started, counts } satisfies ChildMessage);
}

// ---------------------------------------------------------------- parent: the Backstage backend
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function rssMb(): number {
  (global as any).gc?.();
  (global as any).gc?.();
  return process.memoryUsage().rss / 1024 / 1024;
}

async function runParent() {
  if (!(global as any).gc) {
    console.warn('Run with --expose-gc for stable RSS numbers.');
  }
  const child: ChildProcess = fork(__filename, ['--sim-child', ...process.argv.slice(2)], {
    execArgv: ['--require', '@backstage/cli/config/nodeTransform.cjs'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T extends ChildMessage['type']>(type: T) =>
    new Promise<Extract<ChildMessage, { type: T }>>(resolve => {
      const listener = (message: ChildMessage) => {
        if (message.type === type) {
          child.off('message', listener);
          resolve(message as Extract<ChildMessage, { type: T }>);
        }
      };
      child.on('message', listener);
    });
  const simRequests = async () => {
    const answer = next('count');
    child.send({ type: 'count' });
    return (await answer).value;
  };
  const ready = await next('ready');
  console.log(`aks-sim: ${ready.clusters.length} clusters loaded in ${ready.loadMs} ms, per cluster ${JSON.stringify(ready.counts)}`);

  const { startTestBackend, mockServices, mockCredentials } = require('@backstage/backend-test-utils') as typeof import('@backstage/backend-test-utils');
  const { catalogServiceMock } = require('@backstage/plugin-catalog-node/testUtils') as typeof import('@backstage/plugin-catalog-node/testUtils');
  const { coreServices, createBackendPlugin } = require('@backstage/backend-plugin-api') as typeof import('@backstage/backend-plugin-api');
  const { catalogServiceRef } = require('@backstage/plugin-catalog-node') as typeof import('@backstage/plugin-catalog-node');
  const express = require('express') as typeof import('express');
  const request = require('supertest') as typeof import('supertest');
  const { createClusterRegistry } = require('../../plugins/traffic-backend/src/services/ClusterRegistry') as typeof import('../../plugins/traffic-backend/src/services/ClusterRegistry');
  const { TrafficCache } = require('../../plugins/traffic-backend/src/services/cache') as typeof import('../../plugins/traffic-backend/src/services/cache');
  const { EntityTrafficService } = require('../../plugins/traffic-backend/src/services/EntityTrafficService') as typeof import('../../plugins/traffic-backend/src/services/EntityTrafficService');
  const { createReadRouter } = require('../../plugins/traffic-backend/src/routes/readRoutes') as typeof import('../../plugins/traffic-backend/src/routes/readRoutes');

  const entityName = values.entity!;
  const config = {
    traffic: {
      clusters: ready.clusters.map(c => ({ name: c.name, url: c.url, authProvider: 'serviceAccount', serviceAccountToken: c.token })),
    },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: ready.clusters.map(c => ({
            name: c.name,
            url: c.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: c.token,
            skipTLSVerify: true,
            skipMetricsLookup: true,
          })),
        },
      ],
    },
  };

  // The traffic plugin as plugin.ts wires it, with a handle to rebuild the cache for cold runs.
  const holder: {
    cache?: InstanceType<typeof TrafficCache>;
    router?: ReturnType<typeof createReadRouter>;
    reset?: () => void;
  } = {};
  const trafficBenchPlugin = createBackendPlugin({
    pluginId: 'traffic',
    register(env) {
      env.registerInit({
        deps: {
          logger: coreServices.logger,
          config: coreServices.rootConfig,
          httpAuth: coreServices.httpAuth,
          httpRouter: coreServices.httpRouter,
          catalog: catalogServiceRef,
        },
        async init({ logger, config: rootConfig, httpAuth, httpRouter, catalog }) {
          holder.reset = () => {
            holder.cache?.stop();
            const registry = createClusterRegistry({ config: rootConfig, logger });
            const cache = TrafficCache.create({ registry, logger, config: rootConfig });
            const entityTraffic = EntityTrafficService.create({ cache, catalog, logger, config: rootConfig });
            holder.cache = cache;
            holder.router = createReadRouter({ httpAuth, cache, entityTraffic, logger });
          };
          holder.reset();
          const router = express.Router();
          router.use((req, res, nextHandler) => holder.router!(req, res, nextHandler));
          httpRouter.use(router);
        },
      });
    },
  });

  const entities = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: entityName, namespace: 'default', annotations: { 'backstage.io/kubernetes-id': entityName } },
      spec: { type: 'service', owner: 'group:default/bench', lifecycle: 'production' },
    },
  ];
  const backend = await startTestBackend({
    features: [
      trafficBenchPlugin,
      import('@backstage/plugin-kubernetes-backend'),
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({ data: config }),
      mockServices.rootLogger.factory({ level: 'warn' }),
    ],
  });
  const auth = mockCredentials.user.header();
  const trafficCall = async () => {
    const started = process.hrtime.bigint();
    const res = await request(backend.server)
      .get(`/api/traffic/entities/component/default/${entityName}/traffic`)
      .set('Authorization', auth);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (res.status !== 200) throw new Error(`traffic answered ${res.status}: ${res.text.slice(0, 300)}`);
    return { ms, body: res.body };
  };
  const k8sCall = async () => {
    const started = process.hrtime.bigint();
    const res = await request(backend.server)
      .post('/api/kubernetes/resources/custom/query')
      .set('Authorization', auth)
      .send({
        entityRef: `component:default/${entityName}`,
        customResources: [
          { group: 'gateway.networking.k8s.io', apiVersion: 'v1', plural: 'httproutes' },
          { group: 'gateway.networking.k8s.io', apiVersion: 'v1', plural: 'gateways' },
        ],
      });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (res.status !== 200) throw new Error(`kubernetes answered ${res.status}: ${res.text.slice(0, 300)}`);
    return { ms, body: res.body };
  };
  const fullySynced = () => holder.cache!.clusters().every(c => c.status().ready);
  const waitForSync = async () => {
    const started = Date.now();
    while (!fullySynced()) await new Promise(resolve => setTimeout(resolve, 20));
    return Date.now() - started;
  };

  // Cold: a fresh cache per run, the first request right away (bounded by traffic.readTimeoutMs).
  const coldRuns = Number(values.cold);
  const cold: number[] = [];
  const coldComplete: number[] = [];
  const syncTimes: number[] = [];
  let baselineRss = 0;
  for (let run = 0; run < coldRuns; run++) {
    holder.reset!();
    if (run === coldRuns - 1) baselineRss = rssMb();
    const syncStart = Date.now();
    const { ms, body } = await trafficCall();
    cold.push(ms);
    coldComplete.push(body.clusters.filter((c: any) => !c.error).length);
    await waitForSync();
    syncTimes.push(Date.now() - syncStart);
  }
  await new Promise(resolve => setTimeout(resolve, 500));
  const cachedRss = rssMb();
  const cachedRoutes = holder.cache!.clusters().reduce((n, c) => n + c.index.count('HTTPRoute'), 0);
  const cachedObjects = holder.cache!.clusters().reduce((n, c) => n + c.index.count(), 0);

  // Warm: the cache is synced; count cluster calls during the requests.
  const warmRuns = Number(values.warm);
  for (let i = 0; i < 20; i++) await trafficCall();
  const warmRequestsBefore = await simRequests();
  const warm: number[] = [];
  let sample: any;
  for (let i = 0; i < warmRuns; i++) {
    const { ms, body } = await trafficCall();
    warm.push(ms);
    sample = body;
  }
  const warmCalls = (await simRequests()) - warmRequestsBefore;

  // The Kubernetes plugin answering the same entity (routes + gateways as custom resources).
  const k8sRuns = Number(values.k8s);
  const k8sFirst = await k8sCall();
  const k8sBefore = await simRequests();
  const k8s: number[] = [];
  let k8sSample: any;
  for (let i = 0; i < k8sRuns; i++) {
    const { ms, body } = await k8sCall();
    k8s.push(ms);
    k8sSample = body;
  }
  const k8sCalls = (await simRequests()) - k8sBefore;

  const ourRoutes = sample.clusters.reduce((n: number, c: any) => n + c.routes.length, 0);
  const k8sRoutes = k8sSample.items.reduce(
    (n: number, item: any) =>
      n + item.resources.filter((r: any) => r.type === 'customresources').reduce((m: number, r: any) => m + r.resources.filter((o: any) => o.kind === 'HTTPRoute').length, 0),
    0,
  );
  const rssPerRouteKb = ((cachedRss - baselineRss) * 1024) / cachedRoutes;
  const fmt = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(0));
  const rows: Array<[string, string, string, string]> = [
    ['metric', 'traffic-backend', 'kubernetes-backend', 'target'],
    ['warm p50 (ms)', fmt(percentile(warm, 50)), fmt(percentile(k8s, 50)), '<= 10'],
    ['warm p99 (ms)', fmt(percentile(warm, 99)), fmt(percentile(k8s, 99)), ''],
    ['cold p50 (ms)', fmt(percentile(cold, 50)), fmt(k8sFirst.ms), 'bounded by readTimeoutMs (2000)'],
    ['cold p99 (ms)', fmt(percentile(cold, 99)), '-', ''],
    ['clusters complete in the cold answer', `${fmt(percentile(coldComplete, 50))}/${ready.clusters.length}`, `${ready.clusters.length}/${ready.clusters.length}`, ''],
    ['time to full sync, 20 clusters (ms)', fmt(percentile(syncTimes, 50)), '-', ''],
    ['cluster API calls per warm request', (warmCalls / warmRuns).toFixed(2), (k8sCalls / k8sRuns).toFixed(1), '0'],
    ['speed-up at warm p50', `${(percentile(k8s, 50) / percentile(warm, 50)).toFixed(0)}x`, '1x', '>= 20x'],
    ['HTTPRoutes in the answer', String(ourRoutes), String(k8sRoutes), ''],
    ['cached HTTPRoutes / objects', `${cachedRoutes} / ${cachedObjects}`, '-', ''],
    ['RSS of the cache per cached route (KB)', rssPerRouteKb.toFixed(2), '-', '<= 2'],
    ['RSS of the cache (MB)', (cachedRss - baselineRss).toFixed(1), '-', ''],
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)));
  console.log('');
  for (const [i, row] of rows.entries()) {
    console.log(`| ${row.map((cell, j) => cell.padEnd(widths[j])).join(' | ')} |`);
    if (i === 0) console.log(`| ${widths.map(w => '-'.repeat(w)).join(' | ')} |`);
  }
  console.log(`\n${warmRuns} warm / ${coldRuns} cold / ${k8sRuns} kubernetes-plugin requests; entity component:default/${entityName}; Node ${process.version}.`);
  console.log('RSS per route counts the whole cache (gateways, 500 parsed TLS Secrets, services, namespaces of each cluster) against the routes.');

  holder.cache?.stop();
  await backend.stop();
  child.send({ type: 'stop' });
}

if (values['sim-child']) {
  runSimChild().catch(error => {
    console.error(error);
    process.exit(1);
  });
} else {
  runParent().then(
    () => process.exit(0),
    error => {
      console.error(error);
      process.exit(1);
    },
  );
}
