import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import type { ClusterSummary } from '@aks-traffic/backstage-plugin-traffic-common';
import type { ClusterRegistry } from '../types';
import { ClusterCache, type CacheTimings } from './ClusterCache';
import type { WatchedKind } from './kinds';

export const DEFAULT_READ_TIMEOUT_MS = 2000;

/**
 * Part of the read bound kept for building and sending the answer while first syncs keep the event
 * loop busy (its delay reaches ~50 ms p99 / ~200 ms max with 20 clusters syncing): 15%, at most 300 ms.
 */
export function answerReserveMs(readTimeoutMs: number): number {
  return Math.min(300, Math.round(readTimeoutMs * 0.15));
}

/** How often a read waiting for cold clusters checks the time (and the event loop's lag). */
export const LAG_PROBE_MS = 25;

export const DEFAULT_CACHE_TIMINGS: CacheTimings = {
  requestTimeoutMs: 10_000,
  watchTimeoutSeconds: 300,
  relistIntervalMs: 30 * 60_000,
  rediscoveryIntervalMs: 5 * 60_000,
  backoffInitialMs: 500,
  backoffMaxMs: 30_000,
};

export interface TrafficCacheOptions {
  registry: ClusterRegistry;
  logger: LoggerService;
  config?: Config;
  /** Overrides of config and defaults (tests). */
  timings?: Partial<CacheTimings>;
  readTimeoutMs?: number;
  kinds?: WatchedKind[];
}

/** Reads `traffic.readTimeoutMs` and `traffic.cache.*`. */
function timingsFromConfig(config?: Config): Partial<CacheTimings> {
  const cache = config?.getOptionalConfig('traffic.cache');
  if (!cache) {
    return {};
  }
  const seconds = (key: string) => {
    const value = cache.getOptionalNumber(key);
    return value === undefined ? undefined : value * 1000;
  };
  const entries = {
    requestTimeoutMs: seconds('requestTimeoutSeconds'),
    watchTimeoutSeconds: cache.getOptionalNumber('watchTimeoutSeconds'),
    relistIntervalMs: seconds('relistIntervalSeconds'),
    rediscoveryIntervalMs: seconds('rediscoveryIntervalSeconds'),
    backoffMaxMs: seconds('backoffMaxSeconds'),
  };
  return Object.fromEntries(
    Object.entries(entries).filter(([, v]) => v !== undefined),
  ) as Partial<CacheTimings>;
}

/**
 * Watch-backed caches of every configured cluster. `start()` begins listing and watching (call it
 * at plugin start-up; answers before the first sync wait at most `readTimeoutMs`), `stop()` ends
 * every watch (call it at shutdown).
 */
export class TrafficCache {
  readonly readTimeoutMs: number;
  private readonly caches: ClusterCache[];
  private started = false;

  static create(options: TrafficCacheOptions): TrafficCache {
    return new TrafficCache(options);
  }

  constructor(options: TrafficCacheOptions) {
    const timings: CacheTimings = {
      ...DEFAULT_CACHE_TIMINGS,
      ...timingsFromConfig(options.config),
      ...options.timings,
    };
    this.readTimeoutMs =
      options.readTimeoutMs ??
      options.config?.getOptionalNumber('traffic.readTimeoutMs') ??
      DEFAULT_READ_TIMEOUT_MS;
    this.caches = options.registry.list().map(
      (connection, position) =>
        new ClusterCache(connection, {
          logger: options.logger,
          timings,
          kinds: options.kinds,
          priority: position,
        }),
    );
  }

  start(): void {
    if (this.started) {
      return;
    }
    this.started = true;
    for (const cache of this.caches) {
      cache.start();
    }
  }

  stop(): void {
    for (const cache of this.caches) {
      cache.stop();
    }
  }

  clusters(): ClusterCache[] {
    return [...this.caches];
  }

  cluster(name: string): ClusterCache {
    const found = this.caches.find(c => c.name === name);
    if (!found) {
      throw new NotFoundError(
        `Unknown cluster '${name}'; configured clusters: ${
          this.caches.map(c => c.name).join(', ') || 'none'
        }`,
      );
    }
    return found;
  }

  /**
   * Epoch ms until which a read that started at `startedAt` (default now) may wait for cold clusters:
   * `readTimeoutMs` less a reserve for building and sending the answer while first syncs keep the
   * event loop busy.
   */
  deadline(startedAt = Date.now()): number {
    return startedAt + this.readTimeoutMs - answerReserveMs(this.readTimeoutMs);
  }

  /**
   * Resolves when every cluster (or each of `clusters`) can answer, or at `deadline`, whichever comes
   * first. Never rejects. The wait checks the time every `LAG_PROBE_MS` and measures how late those
   * timers fire: when the event loop lags more than the answer reserve allows for (CPU taken by other
   * processes, GC, many LIST pages parsed at once), it ends that much earlier, so the last timer
   * firing late does not push the answer past `readTimeoutMs`.
   */
  async whenAnswerable(
    deadline: number,
    clusters: ClusterCache[] = this.caches,
  ): Promise<void> {
    const pending = clusters.filter(c => !c.answerable());
    if (pending.length === 0 || deadline - Date.now() <= 0) {
      return;
    }
    const allowance = answerReserveMs(this.readTimeoutMs) / 2;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>(resolve => {
      let worstLag = 0;
      const finish = () => {
        clearTimeout(timer);
        controller.abort();
        resolve();
      };
      const check = (expectedAt: number) => {
        const now = Date.now();
        worstLag = Math.max(worstLag, now - expectedAt);
        const remaining = deadline - Math.max(0, worstLag - allowance) - now;
        if (remaining <= 0) {
          finish();
          return;
        }
        const wait = Math.min(remaining, LAG_PROBE_MS);
        timer = setTimeout(() => check(now + wait), wait);
      };
      void Promise.all(
        pending.map(c => c.whenAnswerable(undefined, controller.signal)),
      ).then(finish);
      check(Date.now());
    });
  }

  /** Cluster summaries from the cache; a cold cluster is waited for at most `readTimeoutMs`. */
  async summaries(): Promise<ClusterSummary[]> {
    this.start();
    await this.whenAnswerable(this.deadline());
    return Promise.all(
      this.caches.map(async cache => {
        const status = cache.status();
        const error =
          status.error?.message ??
          (status.ready ? undefined : `No answer within ${this.readTimeoutMs} ms`);
        return {
          name: status.name,
          reachable: status.ready && !status.error,
          ...(status.gatewayApiVersion
            ? { gatewayApiVersion: status.gatewayApiVersion }
            : {}),
          istioRevisions: status.istioRevisions,
          ...(status.lastSync ? { lastSync: status.lastSync.toISOString() } : {}),
          ...(error ? { error } : {}),
          ...(status.missingKinds.length ? { missingKinds: status.missingKinds } : {}),
        };
      }),
    );
  }
}
