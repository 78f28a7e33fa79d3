/**
 * Benchmark of one traffic change on aks-sim: API round trips per object and wall time of
 * `ChangeService.submit` for a 5-object change (egress TLS origination: ServiceEntry, Istio
 * Gateway, two DestinationRules, VirtualService), counted at a proxy in front of the simulated API
 * server, so every request the backend makes is seen, whatever its purpose.
 *
 * The service is wired as in the plugin: preflight reads from the read path's watch cache (a
 * TrafficCache over the same cluster, connected directly, not through the proxy: its list+watch is
 * the read path's standing cost), and rollback snapshots come from the change path's watch of the
 * objects it manages (through the proxy: its LIST and WATCH requests are counted in their own column).
 *
 * Scenarios: create (5 new objects), re-submit (unchanged), update (all 5 change; the object named
 * after the old host is replaced, so the plan also prunes 1), dry-run. Per object = per plan entry.
 * Columns: preflight = live reads for the checks (egress gateway Service, the
 * StaticGatewayConfiguration; 0 when the watch cache answers); dry-run = server-side apply with
 * dryRun=All; snapshot = GET of objects the dry-run shows to exist (the rollback copy and the diff
 * base; 0 when the managed-object watch holds them at the dry-run's resourceVersion); apply =
 * server-side apply; discovery = resource discovery of the client (first change only); snapshot
 * watch = LIST/WATCH requests of the managed-object watch (started by the first change of a kind).
 *
 * Run from the repository root (Node 24, no build step):
 *   node --require @backstage/cli/config/nodeTransform.cjs test/bench/change-roundtrips.ts [--latency 0,10] [--repeat 5]
 */
import { startAksSim } from '@aks-traffic/aks-sim';
import { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import knexFactory from 'knex';
import { parseArgs } from 'node:util';
import { enableIstioEgressGateway } from '@aks-traffic/aks-sim';
import { CountingProxy } from '../../plugins/traffic-backend/src/services/approvals/__testUtils__/countingProxy';
import { ChangeService } from '../../plugins/traffic-backend/src/services/ChangeService';
import type { ClusterRegistry } from '../../plugins/traffic-backend/src/services/types';
import { TrafficCache } from '../../plugins/traffic-backend/src/services/cache';

const { values } = parseArgs({
  options: {
    latency: { type: 'string', default: '0,10' },
    repeat: { type: 'string', default: '5' },
  },
});
const latencies = values.latency!.split(',').map(Number);
const repeat = Number(values.repeat);

const noop = () => undefined;
const logger = {
  info: noop,
  warn: noop,
  error: noop,
  debug: noop,
  child: () => logger,
} as any;
const credentials = {
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'user', userEntityRef: 'user:default/bench' },
} as any;
const allow = async (requests: unknown[]) =>
  requests.map(() => ({ result: 'ALLOW' }));

function classify(request: {
  method: string;
  path: string;
  dryRun: boolean;
  watch: boolean;
  labelSelector?: string;
}) {
  if (
    request.watch ||
    (request.method === 'GET' &&
      request.labelSelector?.startsWith('app.kubernetes.io/managed-by='))
  )
    return 'watch';
  if (
    request.method === 'GET' &&
    (/^\/apis\/[^/]+\/[^/]+$/.test(request.path) ||
      request.path === '/api/v1' ||
      request.path === '/apis' ||
      request.path === '/api')
  )
    return 'discovery';
  if (request.method === 'PATCH') return request.dryRun ? 'dryRun' : 'apply';
  if (request.method === 'GET') return 'read';
  return 'other';
}

interface Row {
  latency: number;
  scenario: string;
  state: string;
  objects: number;
  deletes: number;
  counts: Record<string, number>;
  service: Record<string, number>;
  ms: number;
}

async function main() {
  const rows: Row[] = [];
  for (const latency of latencies) {
    const sim = await startAksSim({
      clusters: [{ name: 'bench' }],
      seed: 'empty',
    });
    const cluster = sim.cluster('bench');
    cluster.store.apply(
      {
        apiVersion: 'egressgateway.kubernetes.azure.com/v1alpha1',
        kind: 'StaticGatewayConfiguration',
        metadata: { name: 'asm-egress-sgc', namespace: 'aks-istio-egress' },
        spec: { gatewayNodepoolName: 'gwpool' },
      },
      { fieldManager: 'kubectl' },
    );
    enableIstioEgressGateway(cluster.store, {
      name: 'asm-egress-test',
      gatewayConfigurationName: 'asm-egress-sgc',
      revisions: ['asm-1-26'],
    });
    await new Promise(resolve => setTimeout(resolve, 50));
    if (latency > 0) cluster.faults.set({ latency: { fixedMs: latency } });
    const proxy = await CountingProxy.start(cluster.url);
    const options = cluster.kubeConfig() as any;
    const kc = new KubeConfig();
    kc.loadFromOptions({
      ...options,
      clusters: options.clusters.map((c: any) => ({ ...c, server: proxy.url })),
    });
    const api = KubernetesObjectApi.makeApiClient(kc);
    const direct = new KubeConfig();
    direct.loadFromOptions(options);
    const cache = TrafficCache.create({
      registry: {
        list: () => [
          {
            name: 'bench',
            gatewayApiVersion: async () => 'v1.2.1',
            kubeConfig: async () => direct,
            objectApi: async () => KubernetesObjectApi.makeApiClient(direct),
          },
        ],
      } as unknown as ClusterRegistry,
      logger,
    });
    cache.start();
    while (!cache.cluster('bench').status().ready)
      await new Promise(resolve => setTimeout(resolve, 20));
    const registry: ClusterRegistry = {
      list: () => [],
      get: () => ({
        name: 'bench',
        gatewayApiVersion: async () => 'v1.2.1',
        kubeConfig: async () => kc,
        objectApi: async () => api,
      }),
      summaries: async () => [
        { name: 'bench', reachable: true, istioRevisions: ['asm-1-26'] },
      ],
    };
    const db = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    const service = await ChangeService.create({
      database: { getClient: async () => db },
      clusters: registry,
      permissions: { authorize: allow } as any,
      logger,
      cache,
    });

    const input = (name: string, host: string) => ({
      name,
      hosts: [host],
      mode: 'tls-origination',
      egressGateway: { name: 'asm-egress-test', revision: 'asm-1-26' },
      staticGatewayConfiguration: { name: 'asm-egress-sgc' },
    });
    const measure = async (scenario: string, body: object) => {
      const from = proxy.requests.length;
      const started = performance.now();
      const change = await service.submit({
        body: { cluster: 'bench', journey: 'egress', ...body },
        credentials,
      });
      const ms = performance.now() - started;
      const counts: Record<string, number> = {
        discovery: 0,
        dryRun: 0,
        read: 0,
        apply: 0,
        watch: 0,
        other: 0,
      };
      for (const request of proxy.requests.slice(from))
        counts[classify(request)]++;
      rows.push({
        latency,
        scenario,
        state: change.state,
        // Plan entries: the change's objects plus what it prunes (objects named after the old host).
        objects: change.plan.length,
        deletes: change.plan.filter(entry => entry.action === 'delete').length,
        counts,
        service: { ...(change.roundTrips as any) },
        ms,
      });
    };
    for (let i = 0; i < repeat; i++) {
      const name = `cnn${i}`;
      await measure('create', { input: input(name, `edition${i}.cnn.com`) });
      await measure('re-submit (unchanged)', {
        input: input(name, `edition${i}.cnn.com`),
      });
      await measure('update (all change)', {
        input: input(name, `www${i}.cnn.com`),
      });
      await measure('dry-run (update)', {
        input: input(name, `api${i}.cnn.com`),
        dryRun: true,
      });
    }
    service.stop();
    cache.stop();
    await proxy.stop();
    await db.destroy();
    await sim.stop();
  }

  const header = [
    'latency/req',
    'scenario',
    'state',
    'objects',
    'preflight reads',
    'dry-run',
    'snapshot GET',
    'apply',
    'discovery',
    'snapshot watch',
    'per object (dry-run+snapshot+apply)',
    'per object (all)',
    'wall ms (median)',
  ];
  const groups = new Map<string, Row[]>();
  for (const row of rows)
    groups.set(`${row.latency}|${row.scenario}`, [
      ...(groups.get(`${row.latency}|${row.scenario}`) ?? []),
      row,
    ]);
  const lines: string[][] = [];
  for (const group of groups.values()) {
    const steady = group.length > 1 ? group.slice(1) : group; // the first change also pays discovery
    const first = steady[0];
    const wall = steady.map(r => r.ms).sort((a, b) => a - b)[
      Math.floor(steady.length / 2)
    ];
    const perObject =
      (first.service.dryRun + first.service.snapshot + first.service.apply) /
      first.objects;
    const all =
      (first.counts.dryRun +
        first.counts.read +
        first.counts.apply +
        first.counts.other) /
      first.objects;
    const discovery = group[0].counts.discovery;
    lines.push([
      `${first.latency} ms`,
      first.scenario,
      first.state,
      first.deletes ? `${first.objects} (${first.deletes} delete)` : String(first.objects),
      String(first.service.preflight),
      String(first.service.dryRun),
      String(first.service.snapshot),
      String(first.service.apply),
      `${discovery} (first change only)`,
      `${group.reduce((n, r) => n + r.counts.watch, 0)} (${group.length} changes)`,
      perObject.toFixed(2),
      all.toFixed(2),
      wall.toFixed(1),
    ]);
    const atSim =
      first.counts.dryRun +
      first.counts.read +
      first.counts.apply +
      first.counts.other;
    const byService =
      first.service.preflight +
      first.service.dryRun +
      first.service.snapshot +
      first.service.apply +
      first.service.rollback;
    if (atSim !== byService)
      console.warn(
        `note: ${first.scenario}: ${atSim} requests at the sim vs ${byService} counted by the service`,
      );
  }
  const widths = header.map((h, i) =>
    Math.max(h.length, ...lines.map(l => l[i].length)),
  );
  const print = (cells: string[]) =>
    console.log(`| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`);
  print(header);
  console.log(`|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`);
  lines.forEach(print);
  console.log(
    `\n${repeat} change(s) per scenario and latency; counts from the steady state (changes 2..n), counted at a proxy in front of aks-sim.`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
