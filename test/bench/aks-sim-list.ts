/**
 * Benchmark: 20 simulated clusters × 2,000 HTTPRoutes; time to LIST all routes of one cluster
 * through @kubernetes/client-node, process RSS and load time.
 *
 * Run from the repository root (Node 24, no build step):
 *   node --require @backstage/cli/config/nodeTransform.cjs test/bench/aks-sim-list.ts [--clusters 20] [--routes 2000] [--runs 20]
 */
import { parseArgs } from 'node:util';
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { startAksSim } from '@aks-traffic/aks-sim';

const { values } = parseArgs({
  options: {
    clusters: { type: 'string', default: '20' },
    routes: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '20' },
    namespaces: { type: 'string', default: '20' },
  },
});
const CLUSTERS = Number(values.clusters);
const ROUTES = Number(values.routes);
const RUNS = Number(values.runs);
const NAMESPACES = Number(values.namespaces);

/** A realistic HTTPRoute (the shape our templates create), with the status Istio would write. */
function route(index: number) {
  const namespace = `team-${index % NAMESPACES}`;
  const name = `route-${index}`;
  return {
    object: {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name, namespace, labels: { 'app.kubernetes.io/name': `app-${index}`, 'backstage.io/kubernetes-id': `svc-${index % 500}` } },
      spec: {
        parentRefs: [{ name: 'shared-gateway', namespace: 'aks-istio-ingress', sectionName: 'https' }],
        hostnames: [`app-${index}.example.com`],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/api' } }, { path: { type: 'PathPrefix', value: '/' }, headers: [{ name: 'x-canary', value: 'true' }] }],
            backendRefs: [{ name: `svc-${index}`, port: 8080, weight: 90 }, { name: `svc-${index}-canary`, port: 8080, weight: 10 }],
          },
        ],
      },
    },
    status: {
      parents: [
        {
          parentRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shared-gateway', namespace: 'aks-istio-ingress', sectionName: 'https' },
          controllerName: 'istio.io/gateway-controller',
          conditions: [
            { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Route was valid', observedGeneration: 1, lastTransitionTime: '2025-01-01T00:00:00Z' },
            { type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs', message: 'All references resolved', observedGeneration: 1, lastTransitionTime: '2025-01-01T00:00:00Z' },
          ],
        },
      ],
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main() {
  const rssBefore = process.memoryUsage().rss;
  const startedAt = performance.now();
  const sim = await startAksSim({ clusters: CLUSTERS, controllers: false });
  const startupMs = performance.now() - startedAt;

  const loadStarted = performance.now();
  for (const cluster of sim.clusters) {
    const namespaces = cluster.store.resourceFor('v1', 'Namespace')!;
    for (let n = 0; n < NAMESPACES; n++) cluster.store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `team-${n}` } });
    const routes = cluster.store.resourceFor('gateway.networking.k8s.io/v1', 'HTTPRoute')!;
    for (let i = 0; i < ROUTES; i++) {
      const { object, status } = route(i);
      // Through admission: schema + CEL validation and defaults, like a real apply.
      cluster.store.apply(object, { fieldManager: 'bench' });
      cluster.store.updateStatus(routes, object.metadata.namespace, object.metadata.name, () => status, { fieldManager: 'pilot-discovery' });
    }
    void namespaces;
  }
  const loadMs = performance.now() - loadStarted;

  const target = sim.clusters[Math.floor(CLUSTERS / 2)];
  const kc = new KubeConfig();
  kc.loadFromOptions(target.kubeConfig());
  const custom = kc.makeApiClient(CustomObjectsApi);
  const list = () => custom.listClusterCustomObject({ group: 'gateway.networking.k8s.io', version: 'v1', plural: 'httproutes' });
  const warm = (await list()) as { items: unknown[] };
  if (warm.items.length !== ROUTES) throw new Error(`expected ${ROUTES} routes, listed ${warm.items.length}`);
  const timings: number[] = [];
  let bytes = 0;
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    await list();
    timings.push(performance.now() - t0);
  }
  const raw = await fetch(`${target.url}/apis/gateway.networking.k8s.io/v1/httproutes`, { headers: { authorization: `Bearer ${target.token}` } });
  bytes = (await raw.arrayBuffer()).byteLength;
  const serverTimings: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    const response = await fetch(`${target.url}/apis/gateway.networking.k8s.io/v1/httproutes`, { headers: { authorization: `Bearer ${target.token}` } });
    await response.arrayBuffer();
    serverTimings.push(performance.now() - t0);
  }
  timings.sort((a, b) => a - b);
  serverTimings.sort((a, b) => a - b);
  global.gc?.();
  const rss = process.memoryUsage().rss;

  const rows: Array<[string, string]> = [
    ['clusters × HTTPRoutes', `${CLUSTERS} × ${ROUTES} (${NAMESPACES} namespaces each)`],
    ['startup (listeners, CRDs)', `${startupMs.toFixed(0)} ms`],
    ['load (apply + status, validated)', `${(loadMs / 1000).toFixed(1)} s (${((loadMs * 1000) / (CLUSTERS * ROUTES)).toFixed(0)} µs/route)`],
    [`LIST all routes, client-node (${RUNS} runs)`, `p50 ${percentile(timings, 50).toFixed(1)} ms, p99 ${percentile(timings, 99).toFixed(1)} ms`],
    [`LIST all routes, raw HTTP (${RUNS} runs)`, `p50 ${percentile(serverTimings, 50).toFixed(1)} ms, p99 ${percentile(serverTimings, 99).toFixed(1)} ms`],
    ['LIST response size', `${(bytes / 1024).toFixed(0)} KiB`],
    ['process RSS', `${mb(rss)} (before start ${mb(rssBefore)})`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`\naks-sim LIST benchmark (Node ${process.version})\n`);
  for (const [key, value] of rows) process.stdout.write(`  ${key.padEnd(width)}  ${value}\n`);
  await sim.stop();
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
