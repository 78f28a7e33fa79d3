import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  compareRevisions,
  type ClusterError,
} from '@aks-traffic/backstage-plugin-traffic-common';
import type { ClusterConnection } from '../types';
import { ClusterIndex } from './ClusterIndex';
import { describeClusterError } from './clusterErrors';
import { discoverKinds } from './discovery';
import { displayKind, MESH_NAMESPACE, WATCHED_KINDS, type WatchedKind } from './kinds';
import { Reflector, type ReflectorTimings } from './Reflector';

const BUNDLE_VERSION_ANNOTATION = 'gateway.networking.k8s.io/bundle-version';
const REVISION = /(asm-\d+-\d+)$/;

export interface CacheTimings extends ReflectorTimings {
  /** How often served kinds are rediscovered (CRDs installed later, permissions granted). */
  rediscoveryIntervalMs: number;
}

export interface ClusterCacheStatus {
  name: string;
  /** Every served kind has been listed once (answers come from the cache). */
  ready: boolean;
  error?: ClusterError;
  lastSync?: Date;
  missingKinds: string[];
  gatewayApiVersion?: string;
  istioRevisions: string[];
}

/** The watch-backed cache of one cluster: discovery, one reflector per served kind, the indexes. */
export class ClusterCache {
  readonly index = new ClusterIndex();
  private readonly reflectors = new Map<string, Reflector>();
  private missing: Array<{ kind: WatchedKind; reason: ClusterError }> = [];
  private discoveryError?: ClusterError;
  private discovered = false;
  private stopped = false;
  private failures = 0;
  private wake?: () => void;
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly connection: ClusterConnection,
    private readonly options: {
      logger: LoggerService;
      timings: CacheTimings;
      kinds?: WatchedKind[];
    },
  ) {}

  get name(): string {
    return this.connection.name;
  }

  start(): void {
    void this.discoverLoop();
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
    for (const reflector of this.reflectors.values()) {
      reflector.stop();
    }
    this.notify();
  }

  status(): ClusterCacheStatus {
    const reflectors = [...this.reflectors.values()];
    const active = reflectors.filter(r => r.state !== 'missing');
    const ready =
      this.discovered && reflectors.every(r => r.everSynced || r.state === 'missing');
    const failing = active.find(r => r.state === 'failing');
    const error = this.discoveryError ?? failing?.error;
    const syncTimes = active.map(r => r.lastSync?.getTime());
    const lastSync =
      active.length > 0 && syncTimes.every(t => t !== undefined)
        ? new Date(Math.min(...(syncTimes as number[])))
        : undefined;
    const missingKinds = [
      ...this.missing.map(m => displayKind(m.kind)),
      ...reflectors.filter(r => r.state === 'missing').map(r => displayKind(r.served.kind)),
    ];
    const gatewayApiVersion = this.index
      .source('GatewayCrd')
      .all()[0]?.metadata.annotations?.[BUNDLE_VERSION_ANNOTATION];
    return {
      name: this.name,
      ready,
      ...(error ? { error } : {}),
      ...(lastSync ? { lastSync } : {}),
      missingKinds: [...new Set(missingKinds)].sort(),
      ...(gatewayApiVersion ? { gatewayApiVersion } : {}),
      istioRevisions: this.istioRevisions(),
    };
  }

  /** Istio add-on revisions: istiod Deployments and the mesh ConfigMaps of aks-istio-system. */
  istioRevisions(): string[] {
    const revisions = new Set<string>();
    for (const deployment of this.index.source('IstioDeployment').inNamespace(MESH_NAMESPACE)) {
      const name = deployment.metadata.name;
      if (name.startsWith('istiod')) {
        const revision =
          deployment.metadata.labels?.['istio.io/rev'] ?? REVISION.exec(name)?.[1];
        if (revision && revision !== 'default') {
          revisions.add(revision);
        }
      }
    }
    for (const configMap of this.index.source('MeshConfigMap').all()) {
      const revision = REVISION.exec(configMap.metadata.name)?.[1];
      if (revision) {
        revisions.add(revision);
      }
    }
    return [...revisions].sort(compareRevisions);
  }

  /**
   * Resolves once the cache can answer: ready, or failing with a known error, or at `deadline`
   * (epoch ms). Never rejects.
   */
  async whenAnswerable(deadline: number): Promise<void> {
    const answerable = () => {
      const status = this.status();
      return status.ready || !!status.error || this.stopped;
    };
    while (!answerable()) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        return;
      }
      await new Promise<void>(resolve => {
        const timer = setTimeout(done, remaining);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(() => {
          done();
        });
      });
    }
  }

  private notify(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) {
      waiter();
    }
  }

  private async discoverLoop(): Promise<void> {
    const { timings, logger } = this.options;
    while (!this.stopped) {
      let delay = timings.rediscoveryIntervalMs;
      try {
        const kc = await this.connection.kubeConfig();
        const result = await discoverKinds({
          kc,
          kinds: this.options.kinds ?? WATCHED_KINDS,
          timeoutMs: timings.requestTimeoutMs,
        });
        if (this.stopped) {
          return;
        }
        if (this.discoveryError) {
          logger.info('Traffic cluster reachable again', { cluster: this.name });
          // Wake reflectors sleeping in backoff: the cluster is back.
          for (const reflector of this.reflectors.values()) {
            reflector.kick();
          }
        }
        this.discoveryError = undefined;
        this.failures = 0;
        this.missing = result.missing;
        for (const served of result.served) {
          const existing = this.reflectors.get(served.kind.id);
          if (existing?.served.apiVersion === served.apiVersion) {
            continue;
          }
          existing?.stop();
          const reflector = new Reflector(served, {
            store: this.index.source(served.kind.id),
            kubeConfig: () => this.connection.kubeConfig(),
            timings,
            logger: logger.child({ cluster: this.name }),
            listener: { onChange: () => this.notify() },
          });
          this.reflectors.set(served.kind.id, reflector);
          reflector.start();
        }
        for (const { kind } of result.missing) {
          // A CRD that was uninstalled: forget its objects.
          const existing = this.reflectors.get(kind.id);
          if (existing) {
            existing.stop();
            this.reflectors.delete(kind.id);
            this.index.source(kind.id).replaceAll([]);
          }
        }
        this.discovered = true;
      } catch (error) {
        const described = describeClusterError(error);
        if (!this.discoveryError || this.discoveryError.reason !== described.reason) {
          logger.warn('Traffic cluster cannot be read', {
            cluster: this.name,
            errorKind: described.kind,
            reason: described.reason,
            message: described.message,
          });
        }
        this.discoveryError = described;
        delay = Math.min(
          timings.backoffMaxMs,
          timings.backoffInitialMs * 2 ** this.failures++,
        ) * (0.5 + Math.random() * 0.5);
      }
      this.notify();
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}
