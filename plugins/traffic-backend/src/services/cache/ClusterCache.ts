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
  /** Served kinds whose first LIST has not completed (cold), `discovery` before discovery answered. */
  pendingKinds: string[];
  gatewayApiVersion?: string;
  istioRevisions: string[];
}

const unique = (values: string[]) =>
  values.length > 1 ? [...new Set(values)].sort() : values;

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
  private revisions?: { version: number; value: string[] };
  /** Bumped on every change of what `status()` reports besides the records (see `statusVersion`). */
  private touches = 0;

  constructor(
    readonly connection: ClusterConnection,
    private readonly options: {
      logger: LoggerService;
      timings: CacheTimings;
      kinds?: WatchedKind[];
      /** Sync priority (lower first): the cluster's position in the configuration. */
      priority?: number;
    },
  ) {}

  get name(): string {
    return this.connection.name;
  }

  start(): void {
    void this.discoverLoop();
  }

  /**
   * Changes whenever `status()` may answer differently (records, syncs, failures, discovery, stop);
   * never returns to an earlier value, so a status read at one value stays valid while it holds.
   */
  get statusVersion(): number {
    return this.touches + this.index.version;
  }

  stop(): void {
    this.stopped = true;
    this.touches++;
    this.wake?.();
    for (const reflector of this.reflectors.values()) {
      reflector.stop();
    }
    this.notify();
  }

  status(): ClusterCacheStatus {
    let ready = this.discovered;
    let failing: Reflector | undefined;
    let oldestSync = Infinity;
    let allSynced = true;
    let active = 0;
    const missingKinds = this.missing.map(m => displayKind(m.kind));
    const pendingKinds: string[] = this.discovered ? [] : ['discovery'];
    for (const reflector of this.reflectors.values()) {
      if (reflector.state === 'missing') {
        missingKinds.push(displayKind(reflector.served.kind));
        continue;
      }
      active++;
      if (!reflector.everSynced) {
        ready = false;
        pendingKinds.push(displayKind(reflector.served.kind));
      }
      if (!failing && reflector.state === 'failing') {
        failing = reflector;
      }
      const synced = reflector.lastSync?.getTime();
      if (synced === undefined) {
        allSynced = false;
      } else if (synced < oldestSync) {
        oldestSync = synced;
      }
    }
    const error = this.discoveryError ?? failing?.error;
    const lastSync = active > 0 && allSynced ? new Date(oldestSync) : undefined;
    const gatewayApiVersion = this.index
      .source('GatewayCrd')
      .first()?.metadata.annotations?.[BUNDLE_VERSION_ANNOTATION];
    return {
      name: this.name,
      ready,
      ...(error ? { error } : {}),
      ...(lastSync ? { lastSync } : {}),
      missingKinds: unique(missingKinds),
      pendingKinds: unique(pendingKinds),
      ...(gatewayApiVersion ? { gatewayApiVersion } : {}),
      istioRevisions: this.istioRevisions(),
    };
  }

  /** Istio add-on revisions: istiod Deployments and the mesh ConfigMaps of aks-istio-system. */
  istioRevisions(): string[] {
    const { version } = this.index;
    if (this.revisions?.version !== version) {
      this.revisions = { version, value: this.readIstioRevisions() };
    }
    return [...this.revisions.value];
  }

  private readIstioRevisions(): string[] {
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

  /** The cache can answer: synced, failing with a known error, or stopped. */
  answerable(): boolean {
    if (this.stopped || this.discoveryError) {
      return true;
    }
    if (!this.discovered) {
      return false;
    }
    let ready = true;
    for (const reflector of this.reflectors.values()) {
      if (reflector.state === 'failing') {
        return true;
      }
      if (!reflector.everSynced && reflector.state !== 'missing') {
        ready = false;
      }
    }
    return ready;
  }

  /**
   * Resolves once the cache can answer (see `answerable`), or at `deadline` (epoch ms) when given, or
   * when `signal` aborts. Never rejects.
   */
  async whenAnswerable(deadline?: number, signal?: AbortSignal): Promise<void> {
    while (!this.answerable() && !signal?.aborted) {
      const remaining = deadline === undefined ? undefined : deadline - Date.now();
      if (remaining !== undefined && remaining <= 0) {
        return;
      }
      await new Promise<void>(resolve => {
        const timer =
          remaining === undefined ? undefined : setTimeout(done, remaining);
        const waiters = this.waiters;
        function done() {
          clearTimeout(timer);
          waiters.delete(done);
          signal?.removeEventListener('abort', done);
          resolve();
        }
        this.waiters.add(done);
        signal?.addEventListener('abort', done);
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
            listener: {
              onChange: () => {
                this.touches++;
                this.notify();
              },
              onSync: () => {
                this.touches++;
              },
            },
            priority: this.options.priority,
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
      this.touches++;
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
