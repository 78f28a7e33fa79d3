/**
 * Benchmark of the traffic backend's entity endpoint against @backstage/plugin-kubernetes-backend,
 * side by side in one Backstage test backend, over 20 simulated AKS clusters × 1,000 HTTPRoutes,
 * 100 Gateways and 500 TLS Secrets each (aks-sim `loadScale`).
 *
 * The simulated clusters run in a child process behind counting proxies, so the parent's RSS is the
 * backend's alone and every API call either plugin makes is counted.
 *
 * Requests are timed to the last byte of the answer over a kept-alive connection (what the backend and
 * HTTP cost, as for a browser); a second series per plugin repeats the earlier way, a new connection
 * per request with the client's JSON.parse of the answer timed too (~1 ms of client work for 160 KB).
 * The client shares the backend's process: its garbage shows in the p99s of both plugins.
 *
 * Every measurement runs once per API latency setting (`--latency`, comma-separated `fixed+jitter` ms;
 * default `0,10+10`: loopback, then 10 ms + uniform 0–10 ms jitter per API request, what a backend
 * reaches an AKS API server with in the same region). The latency is aks-sim fault injection, applied
 * to every LIST, WATCH and discovery request of both plugins.
 *
 * Run from the repository root (Node 24, no build step):
 *   node --expose-gc --require @backstage/cli/config/nodeTransform.cjs test/bench/traffic-read.ts \
 *     [--clusters 20] [--routes 1000] [--gateways 100] [--secrets 500] [--warm 300] [--cold 3] [--k8s 30] \
 *     [--latency 0,10+10] [--cpu-prof warm.cpuprofile]
 *
 * `--cpu-prof FILE` writes a CPU profile of the warm traffic requests of the first latency setting,
 * `--cpu-prof-cold FILE` one of its first cold request and sync (open them in Chrome DevTools).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
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
    latency: { type: 'string', default: '0,10+10' },
    'cpu-prof': { type: 'string' },
    'cpu-prof-cold': { type: 'string' },
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
  | { type: 'count'; value: number }
  | { type: 'latency-set' };

type Memory = { rssMb: number; heapMb: number; routes: number; objects: number };

interface LatencySetting {
  fixedMs: number;
  jitterMs: number;
}

function parseLatencies(text: string): LatencySetting[] {
  return text.split(',').map(part => {
    const [fixed, jitter] = part.trim().split('+');
    return { fixedMs: Number(fixed) || 0, jitterMs: Number(jitter) || 0 };
  });
}

const describeLatency = (l: LatencySetting) =>
  l.fixedMs + l.jitterMs === 0 ? '0 ms' : l.jitterMs ? `${l.fixedMs}–${l.fixedMs + l.jitterMs} ms` : `${l.fixedMs} ms`;

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
          // Pass the headers on at once: a watch's answer starts long before its first event.
          res.flushHeaders();
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
  process.on('message', (message: { type: string } & Partial<LatencySetting>) => {
    if (message.type === 'count') process.send!({ type: 'count', value: requests });
    if (message.type === 'latency') {
      for (const cluster of sim.clusters) {
        if (message.fixedMs || message.jitterMs) {
          cluster.faults.set({ latency: { fixedMs: message.fixedMs, jitterMs: message.jitterMs } });
        } else {
          cluster.faults.set({});
        }
      }
      process.send!({ type: 'latency-set' });
    }
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

function heapMb(): number {
  (global as any).gc?.();
  (global as any).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** A CPU profile of this process through the inspector (only around the measured requests). */
async function startProfile() {
  const { Session } = require('node:inspector/promises') as typeof import('node:inspector/promises');
  const { writeFileSync } = require('node:fs') as typeof import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return {
    async stop(file: string) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      console.log(`CPU profile: ${file}`);
    },
  };
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
    /** Another cache of the same clusters, not wired to any route (memory of one more cache). */
    extraCache?: () => InstanceType<typeof TrafficCache>;
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
          holder.extraCache = () =>
            TrafficCache.create({ registry: createClusterRegistry({ config: rootConfig, logger }), logger, config: rootConfig });
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
  // Timed to the last byte of the answer over a kept-alive connection (what the server and HTTP cost,
  // as for a browser). `parse: true` is the earlier metric: a new connection per request (supertest's
  // default) and the client's JSON.parse of the answer timed too (~1 ms for 160 KB here), the same
  // for both plugins.
  const keepAlive = new (require('node:http') as typeof import('node:http')).Agent({ keepAlive: true, maxSockets: 1 });
  // The chunks as received (joined only when the body is read, so the timed loop adds no garbage).
  const rawBody = (res: any, done: (error: Error | null, body: Buffer[]) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, chunks));
  };
  const timed = async (send: () => any, what: string, parse: boolean) => {
    const started = process.hrtime.bigint();
    const res = parse ? await send() : await send().agent(keepAlive).buffer(true).parse(rawBody);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (res.status !== 200) throw new Error(`${what} answered ${res.status}: ${String(res.text ?? res.body).slice(0, 300)}`);
    let body: any = parse ? res.body : undefined;
    return { ms, get body() { return (body ??= JSON.parse(Buffer.concat(res.body).toString('utf8'))); } };
  };
  const trafficCall = (parse = false) =>
    timed(
      () => request(backend.server).get(`/api/traffic/entities/component/default/${entityName}/traffic`).set('Authorization', auth),
      'traffic',
      parse,
    );
  const k8sCall = (parse = false) =>
    timed(
      () =>
        request(backend.server)
          .post('/api/kubernetes/resources/custom/query')
          .set('Authorization', auth)
          .send({
            entityRef: `component:default/${entityName}`,
            customResources: [
              { group: 'gateway.networking.k8s.io', apiVersion: 'v1', plural: 'httproutes' },
              { group: 'gateway.networking.k8s.io', apiVersion: 'v1', plural: 'gateways' },
            ],
          }),
      'kubernetes',
      parse,
    );
  /** Polls the cache being synced; resolves with the moment (ms after `started`) each cluster became ready. */
  const trackSync = async (started: number) => {
    const readyAt = new Map<string, number>();
    for (;;) {
      for (const c of holder.cache!.clusters()) {
        if (!readyAt.has(c.name) && c.status().ready) readyAt.set(c.name, Date.now() - started);
      }
      if (readyAt.size === holder.cache!.clusters().length) return [...readyAt.values()].sort((a, b) => a - b);
      await new Promise(resolve => setTimeout(resolve, 20));
    }
  };

  const setLatency = async (latency: LatencySetting) => {
    const answer = next('latency-set');
    child.send({ type: 'latency', ...latency });
    await answer;
  };

  /** Everything measured under one API latency setting. */
  const measure = async (latency: LatencySetting, first: boolean) => {
    await setLatency(latency);
    // Cold: a fresh cache per run, the first request right away (bounded by traffic.readTimeoutMs).
    // Memory (first latency setting): RSS and V8 heap growth from just before a cache starts to it
    // synced (+3.5 s, gc). `first`: the first cache of the process, which also pays one-time costs
    // (code, JIT, lazily loaded modules, heap headroom, connection machinery). `added`: one more
    // cache of the same clusters next to the live one, once the process is warm.
    const coldRuns = Number(values.cold);
    const cold: number[] = [];
    const coldComplete: number[] = [];
    const coldPartial: number[] = [];
    const syncTimes: number[] = [];
    const firstSynced: number[] = [];
    const halfSynced: number[] = [];
    const memory: { first?: Memory; added?: Memory } = {};
    // One histogram per run: re-enabling one would count the paused time as a delay.
    const lagMax: number[] = [];
    const lagP99: number[] = [];
    for (let run = 0; run < coldRuns; run++) {
      holder.reset!();
      const baseline = first && run === 0 ? { rss: rssMb(), heap: heapMb() } : undefined;
      const profiler = first && run === 0 && values['cpu-prof-cold'] ? await startProfile() : undefined;
      const lag = monitorEventLoopDelay({ resolution: 5 });
      lag.enable();
      const syncStart = Date.now();
      const synced = trackSync(syncStart);
      const { ms, body } = await trafficCall();
      cold.push(ms);
      coldComplete.push(body.clusters.filter((c: any) => !c.error).length);
      coldPartial.push(
        body.clusters.filter((c: any) => c.error && c.routes.length + c.gateways.length > 0).length,
      );
      const readyTimes = await synced;
      syncTimes.push(readyTimes[readyTimes.length - 1]);
      firstSynced.push(readyTimes[0]);
      halfSynced.push(readyTimes[Math.floor(readyTimes.length / 2) - 1]);
      lag.disable();
      lagMax.push(lag.max / 1e6);
      lagP99.push(lag.percentile(99) / 1e6);
      if (profiler) await profiler.stop(values['cpu-prof-cold']!);
      if (baseline) {
        await new Promise(resolve => setTimeout(resolve, 3500));
        memory.first = {
          rssMb: rssMb() - baseline.rss,
          heapMb: heapMb() - baseline.heap,
          routes: holder.cache!.clusters().reduce((n, c) => n + c.index.count('HTTPRoute'), 0),
          objects: holder.cache!.clusters().reduce((n, c) => n + c.index.count(), 0),
        };
      }
    }
    if (first) {
      const before = { rss: rssMb(), heap: heapMb() };
      const extra = holder.extraCache!();
      extra.start();
      while (!extra.clusters().every(c => c.status().ready)) await new Promise(resolve => setTimeout(resolve, 20));
      await new Promise(resolve => setTimeout(resolve, 3500));
      memory.added = {
        rssMb: rssMb() - before.rss,
        heapMb: heapMb() - before.heap,
        routes: extra.clusters().reduce((n, c) => n + c.index.count('HTTPRoute'), 0),
        objects: extra.clusters().reduce((n, c) => n + c.index.count(), 0),
      };
      extra.stop();
    }

    // Warm: the cache is synced and its watches are open (no new API requests for a second); count
    // cluster calls during the requests.
    for (let seen = -1, now = await simRequests(); seen !== now; ) {
      seen = now;
      await new Promise(resolve => setTimeout(resolve, 1000));
      now = await simRequests();
    }
    const warmRuns = Number(values.warm);
    for (let i = 0; i < 20; i++) await trafficCall();
    const warmRequestsBefore = await simRequests();
    const profiler = first && values['cpu-prof'] ? await startProfile() : undefined;
    const warm: number[] = [];
    let last: Awaited<ReturnType<typeof trafficCall>> | undefined;
    // GC pauses of the whole process (backend and client) during the warm requests: the p99.
    const gcPauses = { major: [] as number[], minor: [] as number[] };
    const gcObserver = new PerformanceObserver(list => {
      for (const entry of list.getEntries()) {
        const kind = (entry as any).detail?.kind;
        (kind === constants.NODE_PERFORMANCE_GC_MINOR ? gcPauses.minor : gcPauses.major).push(entry.duration);
      }
    });
    gcObserver.observe({ entryTypes: ['gc'] });
    for (let i = 0; i < warmRuns; i++) {
      last = await trafficCall();
      warm.push(last.ms);
    }
    await new Promise(resolve => setImmediate(resolve));
    gcObserver.disconnect();
    if (profiler) await profiler.stop(values['cpu-prof']!);
    const warmCalls = (await simRequests()) - warmRequestsBefore;
    const sample = last!.body;
    // The same with the client's JSON.parse timed too (the earlier metric).
    const warmParsed: number[] = [];
    for (let i = 0; i < warmRuns; i++) warmParsed.push((await trafficCall(true)).ms);

    // The Kubernetes plugin answering the same entity (routes + gateways as custom resources).
    const k8sRuns = Number(values.k8s);
    const k8sFirst = await k8sCall();
    const k8sBefore = await simRequests();
    const k8s: number[] = [];
    let k8sLast: Awaited<ReturnType<typeof k8sCall>> | undefined;
    for (let i = 0; i < k8sRuns; i++) {
      k8sLast = await k8sCall();
      k8s.push(k8sLast.ms);
    }
    const k8sCalls = (await simRequests()) - k8sBefore;
    const k8sSample = k8sLast!.body;
    const k8sParsed: number[] = [];
    for (let i = 0; i < k8sRuns; i++) k8sParsed.push((await k8sCall(true)).ms);

    const ourRoutes = sample.clusters.reduce((n: number, c: any) => n + c.routes.length, 0);
    const k8sRoutes = k8sSample.items.reduce(
      (n: number, item: any) =>
        n + item.resources.filter((r: any) => r.type === 'customresources').reduce((m: number, r: any) => m + r.resources.filter((o: any) => o.kind === 'HTTPRoute').length, 0),
      0,
    );
    return {
      latency,
      warm,
      warmParsed,
      gcPauses,
      warmCalls: warmCalls / warmRuns,
      cold,
      coldComplete,
      coldPartial,
      syncTimes,
      firstSynced,
      halfSynced,
      lagMaxMs: Math.max(...lagMax),
      lagP99Ms: percentile(lagP99, 50),
      k8s,
      k8sParsed,
      k8sFirst: k8sFirst.ms,
      k8sCalls: k8sCalls / k8sRuns,
      ourRoutes,
      k8sRoutes,
      memory,
      bytes: JSON.stringify(sample).length,
      k8sBytes: JSON.stringify(k8sSample).length,
    };
  };

  const results: Array<Awaited<ReturnType<typeof measure>>> = [];
  for (const [i, latency] of parseLatencies(values.latency!).entries()) {
    results.push(await measure(latency, i === 0));
  }

  const fmt = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(0));
  const clusterCount = ready.clusters.length;
  const header = ['metric'];
  for (const r of results) {
    header.push(`traffic-backend, API ${describeLatency(r.latency)}`, `kubernetes-backend, API ${describeLatency(r.latency)}`);
  }
  header.push('target');
  const row = (metric: string, cells: (r: (typeof results)[number]) => [string, string], target = '') => [
    metric,
    ...results.flatMap(cells),
    target,
  ];
  const { first: memFirst, added: memAdded } = results[0].memory as { first: Memory; added: Memory };
  const rows: string[][] = [
    header,
    row('warm p50 (ms)', r => [fmt(percentile(r.warm, 50)), fmt(percentile(r.k8s, 50))], '<= 10'),
    row('warm p99 (ms)', r => [fmt(percentile(r.warm, 99)), fmt(percentile(r.k8s, 99))]),
    row('speed-up at warm p50', r => [`${(percentile(r.k8s, 50) / percentile(r.warm, 50)).toFixed(0)}x`, '1x'], '>= 20x'),
    row('warm p50 / p99, new connection + client JSON.parse timed (ms)', r => [
      `${fmt(percentile(r.warmParsed, 50))} / ${fmt(percentile(r.warmParsed, 99))}`,
      `${fmt(percentile(r.k8sParsed, 50))} / ${fmt(percentile(r.k8sParsed, 99))}`,
    ]),
    row('speed-up at that p50', r => [
      `${(percentile(r.k8sParsed, 50) / percentile(r.warmParsed, 50)).toFixed(0)}x`,
      '1x',
    ]),
    row('GC pauses during the warm requests: major+incremental / minor, count (max ms)', r => [
      `${r.gcPauses.major.length} (${fmt(Math.max(0, ...r.gcPauses.major))}) / ${r.gcPauses.minor.length} (${fmt(Math.max(0, ...r.gcPauses.minor))})`,
      '-',
    ]),
    row('cluster API calls per warm request', r => [r.warmCalls.toFixed(2), r.k8sCalls.toFixed(1)], '0'),
    row('cold p50 (ms)', r => [fmt(percentile(r.cold, 50)), fmt(r.k8sFirst)], 'bounded by readTimeoutMs (2000)'),
    row('cold max (ms)', r => [fmt(Math.max(...r.cold)), '-']),
    row('clusters complete / partial in the cold answer', r => [
      `${percentile(r.coldComplete, 50)} / ${percentile(r.coldPartial, 50)} of ${clusterCount}`,
      `${clusterCount} / 0 of ${clusterCount}`,
    ]),
    row(`cold sync: first / half / all ${clusterCount} clusters synced (ms)`, r => [
      `${fmt(percentile(r.firstSynced, 50))} / ${fmt(percentile(r.halfSynced, 50))} / ${fmt(percentile(r.syncTimes, 50))}`,
      '-',
    ]),
    row('event-loop delay during a cold sync, p99 / max (ms)', r => [`${fmt(r.lagP99Ms)} / ${fmt(r.lagMaxMs)}`, '-']),
    row('HTTPRoutes in the answer', r => [String(r.ourRoutes), String(r.k8sRoutes)]),
    row('answer size (KB)', r => [(r.bytes / 1024).toFixed(0), (r.k8sBytes / 1024).toFixed(0)]),
  ];
  const single = (metric: string, value: string, target = '') =>
    [metric, value, ...Array(results.length * 2 - 1).fill('-'), target];
  const perRoute = (mb: number, m: Memory) => ((mb * 1024) / m.routes).toFixed(2);
  rows.push(
    single('cached HTTPRoutes / objects', `${memAdded.routes} / ${memAdded.objects}`),
    single('RSS per cached route, one more cache in a warm process (KB)', perRoute(memAdded.rssMb, memAdded), '<= 2'),
    single('V8 heap per cached route, one more cache (KB)', perRoute(memAdded.heapMb, memAdded)),
    single('RSS / V8 heap per route, first cache of the process (KB)', `${perRoute(memFirst.rssMb, memFirst)} / ${perRoute(memFirst.heapMb, memFirst)}`),
  );
  const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)));
  console.log('');
  for (const [i, line] of rows.entries()) {
    console.log(`| ${line.map((cell, j) => cell.padEnd(widths[j])).join(' | ')} |`);
    if (i === 0) console.log(`| ${widths.map(w => '-'.repeat(w)).join(' | ')} |`);
  }
  console.log(
    `\n${values.warm} warm (+${values.warm} the earlier way) / ${values.cold} cold / ${values.k8s} (+${values.k8s}) kubernetes-plugin ` +
      `requests per latency setting, timed to the last byte over a kept-alive connection unless said otherwise; ` +
      `entity component:default/${entityName}; Node ${process.version}; ${require('node:os').cpus().length} CPUs (simulator in a child process).`,
  );
  console.log(
    'API latency: aks-sim fault injection on every API request (fixed + uniform jitter). Memory: RSS and V8 heap growth from ' +
      'just before a cache starts to it synced (+3.5 s, gc), divided by the cached HTTPRoutes; it counts the whole cache ' +
      '(gateways, parsed TLS Secrets, services, workloads, namespaces, open watches of each cluster) against the routes. ' +
      '"one more cache": a second cache of the same clusters started next to the live one; "first": the first cache of the process (includes one-time costs).',
  );

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
