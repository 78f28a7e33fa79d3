import { randomBytes } from 'node:crypto';
import { createControllers } from '../controllers';
import { FaultInjector } from '../faults/faultInjector';
import { SimulatedKeyVault } from '../keyvault';
import { applySeed, type SeedName } from '../seeds';
import { installIstioAddOn } from '../seeds/istioAddOn';
import { SimApiServer } from '../server/apiServer';
import type { CrdValidator, GatewayApiVersion } from '../store/admission';
import { createClusterStore } from '../store/clusterStore';
import type { MemoryObjectStore } from '../store/memoryStore';
import type { Controller, ControllerContext, SimulatedClusterInfo } from '../store/types';
import { kubeConfigOptions, kubeConfigYaml, type KubeConfigOptions } from './kubeConfig';

export interface AksSimClusterSpec {
  name: string;
  /** Defaults from the Kubernetes version, as AKS bundles it (v1.5.1 from 1.36 on). */
  gatewayApiVersion?: GatewayApiVersion;
  /** `1.33` by default. */
  kubernetesVersion?: string;
  /** Installed Istio add-on revisions; `['asm-1-26']` by default. */
  istioRevisions?: string[];
  /** Fixed port for this cluster (overrides the base `port`). */
  port?: number;
  /** Fixed bearer token for this cluster (overrides the shared `token`). */
  token?: string;
}

export interface StartAksSimOptions {
  /** Loopback address to listen on (default 127.0.0.1). */
  host?: string;
  /** First cluster's port; cluster i listens on port + i. 0 (default) picks free ports. */
  port?: number;
  /** Bearer token for every cluster (default: a random one per cluster). */
  token?: string;
  /** A count (named aks-0, aks-1, ...) or explicit clusters; default 1. */
  clusters?: number | AksSimClusterSpec[];
  /** Scenario loaded into every cluster (default `empty`). */
  seed?: SeedName;
  /** Delay before controllers reconcile a change (default 5 ms). */
  reconcileDelayMs?: number;
  /** Gateway API version for clusters that do not say (overrides the Kubernetes-version default). */
  gatewayApiVersion?: GatewayApiVersion;
  /** Start the simulated controllers (default true). */
  controllers?: boolean;
  /** Changes each cluster's watch history keeps (older resourceVersions get 410 Gone); default 10,000. */
  watchHistorySize?: number;
  /** Interval of watch BOOKMARK events (default 5 s; Kubernetes sends one about every minute). */
  bookmarkIntervalMs?: number;
  /** Server-side timeout of watches without `timeoutSeconds` (default 1800 s). */
  watchTimeoutSeconds?: number;
  /** Replace the CRD validator (tests of the simulator itself). */
  crdValidator?: CrdValidator;
}

export interface SimCluster {
  name: string;
  index: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Bearer token the API server requires. */
  token: string;
  store: MemoryObjectStore;
  faults: FaultInjector;
  info: SimulatedClusterInfo;
  /** Options for client-node's `KubeConfig.loadFromOptions`. */
  kubeConfig(): KubeConfigOptions;
  /** A kubeconfig file for this cluster (kubectl format). */
  kubeConfigYaml(): string;
}

export interface AksSim {
  clusters: SimCluster[];
  /** The cluster with this name (throws when there is none). */
  cluster(name: string): SimCluster;
  /** One kubeconfig with a context per cluster. */
  kubeConfig(): KubeConfigOptions;
  kubeConfigYaml(): string;
  stop(): Promise<void>;
}

/** AKS's managed Gateway API bundle for a Kubernetes version (only the bundles we ship). */
export function gatewayApiVersionFor(kubernetesVersion: string): GatewayApiVersion {
  const [, minor] = kubernetesVersion.replace(/^v/, '').split('.').map(Number);
  return minor >= 36 ? 'v1.5.1' : 'v1.2.1';
}

function clusterSpecs(clusters: StartAksSimOptions['clusters']): AksSimClusterSpec[] {
  if (Array.isArray(clusters)) return clusters;
  const count = clusters ?? 1;
  return Array.from({ length: count }, (_, i) => ({ name: `aks-${i}` }));
}

/** Runs controllers' reconciles after the configured delay; stops them all on demand. */
class ReconcileScheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly delayMs: number) {}

  schedule(work: () => void): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.stopped) return;
      try {
        work();
      } catch (error) {
        process.emitWarning(`aks-sim reconcile failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      }
    }, this.delayMs);
    this.timers.add(timer);
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/** Starts simulated AKS clusters, each with its own API server listener, store and controllers. */
export async function startAksSim(options: StartAksSimOptions = {}): Promise<AksSim> {
  const host = options.host ?? '127.0.0.1';
  const specs = clusterSpecs(options.clusters);
  const clusters: SimCluster[] = [];
  const stoppers: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) await stopOne();
    stoppers.length = 0;
  };
  try {
    for (const [index, spec] of specs.entries()) {
      const kubernetesVersion = spec.kubernetesVersion ?? '1.33';
      const info: SimulatedClusterInfo = {
        name: spec.name,
        kubernetesVersion,
        gatewayApiVersion: spec.gatewayApiVersion ?? options.gatewayApiVersion ?? gatewayApiVersionFor(kubernetesVersion),
        istioRevisions: spec.istioRevisions ?? ['asm-1-26'],
        keyVault: new SimulatedKeyVault(`kv-${spec.name}`),
      };
      const scheduler = new ReconcileScheduler(options.reconcileDelayMs ?? 5);
      const store = createClusterStore({ gatewayApiVersion: info.gatewayApiVersion, historySize: options.watchHistorySize, crdValidator: options.crdValidator });
      const faults = new FaultInjector();
      const token = spec.token ?? options.token ?? randomBytes(24).toString('hex');
      const server = new SimApiServer({
        store,
        faults,
        cluster: info,
        token,
        host,
        port: spec.port ?? (options.port ? options.port + index : 0),
        watch: { bookmarkIntervalMs: options.bookmarkIntervalMs ?? 5000, defaultTimeoutSeconds: options.watchTimeoutSeconds ?? 1800 },
      });
      await server.start();
      stoppers.push(() => server.stop());

      const controllers: Controller[] = options.controllers === false ? [] : createControllers();
      const context: ControllerContext = { store, cluster: info, schedule: work => scheduler.schedule(work) };
      for (const controller of controllers) controller.start(context);
      stoppers.push(() => {
        scheduler.stop();
        for (const controller of controllers) controller.stop();
      });
      installIstioAddOn(store, info);
      applySeed(options.seed ?? 'empty', { store, cluster: info, index });

      const access = { name: spec.name, url: server.url, token };
      clusters.push({
        name: spec.name,
        index,
        get url() {
          return server.url;
        },
        token,
        store,
        faults,
        info,
        kubeConfig: () => kubeConfigOptions([access]),
        kubeConfigYaml: () => kubeConfigYaml([access]),
      });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const access = () => clusters.map(c => ({ name: c.name, url: c.url, token: c.token }));
  return {
    clusters,
    cluster(name) {
      const found = clusters.find(c => c.name === name);
      if (!found) throw new Error(`aks-sim has no cluster named '${name}' (have: ${clusters.map(c => c.name).join(', ')})`);
      return found;
    },
    kubeConfig: () => kubeConfigOptions(access()),
    kubeConfigYaml: () => kubeConfigYaml(access()),
    stop,
  };
}
