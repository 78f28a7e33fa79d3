import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ClusterError, KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import type { KubeConfig } from '@kubernetes/client-node';
import type { SourceStore } from './ClusterIndex';
import { describeClusterError } from './clusterErrors';
import { listPage, startWatch, type ServedKind, type WatchEvent } from './listWatch';
import { listGate, syncScheduler } from './scheduler';

export interface ReflectorTimings {
  /** Bound of each LIST page and of a watch's connection. */
  requestTimeoutMs: number;
  /** Server-side watch timeout; the watch then resumes from the last resourceVersion. */
  watchTimeoutSeconds: number;
  /** Full relist interval (resync), even when watches are healthy. */
  relistIntervalMs: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
}

export type ReflectorState = 'starting' | 'synced' | 'failing' | 'missing' | 'stopped';

export interface ReflectorListener {
  /** After every state change (synced, failing, missing). */
  onChange(reflector: Reflector): void;
  /** After every successful sync step (list, watch event, bookmark): `lastSync` moved. */
  onSync?(reflector: Reflector): void;
}

class Expired extends Error {}

const sleep = (ms: number, signal: { stopped: boolean; wake?: () => void }) =>
  new Promise<void>(resolve => {
    const timer = setTimeout(resolve, ms);
    signal.wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });

/**
 * List-then-watch of one source into its store, client-go style: resumes watches from the last
 * resourceVersion (bookmarks keep it fresh), relists on 410 Gone and every `relistIntervalMs`,
 * retries with capped exponential backoff and jitter, and keeps the last known records while the
 * cluster is failing. A 403/404 on LIST marks the kind missing (retried at the relist interval).
 */
export class Reflector {
  state: ReflectorState = 'starting';
  error?: ClusterError;
  /** The first complete LIST has been stored. */
  everSynced = false;
  /** Last moment the source was known to be current (list done, watch event or bookmark). */
  lastSync?: Date;
  private resourceVersion = '';
  private readonly control: { stopped: boolean; wake?: () => void } = { stopped: false };
  private currentWatch?: { abort(): void };
  private failures = 0;
  private relistAt = 0;
  private kicked = false;

  constructor(
    readonly served: ServedKind,
    private readonly options: {
      store: SourceStore;
      kubeConfig: () => Promise<KubeConfig>;
      timings: ReflectorTimings;
      logger: LoggerService;
      listener: ReflectorListener;
      /** Scheduling priority of this reflector's CPU work (lower first: the cluster's position). */
      priority?: number;
    },
  ) {}

  start(): void {
    void this.run();
  }

  stop(): void {
    this.control.stopped = true;
    this.state = 'stopped';
    this.currentWatch?.abort();
    this.control.wake?.();
  }

  /** Ends the current watch now so it reconnects (a cluster came back). */
  kick(): void {
    this.kicked = true;
    this.currentWatch?.abort();
    this.control.wake?.();
  }

  private readonly turn = () => syncScheduler.slice(this.options.priority ?? 0);

  private async run(): Promise<void> {
    while (!this.control.stopped) {
      try {
        if (!this.resourceVersion || Date.now() >= this.relistAt) {
          await this.list();
        }
        if (this.control.stopped) {
          return;
        }
        await this.watchOnce();
      } catch (error) {
        if (this.control.stopped) {
          return;
        }
        await this.handleFailure(error);
      }
    }
  }

  private async list(): Promise<void> {
    const kc = await this.options.kubeConfig();
    const records: KubeObject[] = [];
    let continueToken: string | undefined;
    let resourceVersion = '';
    do {
      // The slot is held until the page is compacted, so pages parsed by client-node never pile up
      // ahead of the (time-sliced, prioritized) compaction, and clusters fill in priority order.
      await listGate.acquire(this.options.priority ?? 0);
      let page: Awaited<ReturnType<typeof listPage>>;
      try {
        page = await listPage({
          kc,
          served: this.served,
          continueToken,
          timeoutMs: this.options.timings.requestTimeoutMs,
        });
        for (const item of page.items) {
          const record = this.compact(item);
          if (record) {
            records.push(record);
          }
          // Many clusters syncing at once must not starve the event loop (answers, timers).
          const turn = this.turn();
          if (turn) {
            await turn;
          }
        }
      } finally {
        listGate.release();
      }
      continueToken = page.continueToken;
      resourceVersion = page.resourceVersion || resourceVersion;
    } while (continueToken && !this.control.stopped);
    if (this.control.stopped) {
      return;
    }
    await this.options.store.replaceAllAsync(records, this.turn);
    this.resourceVersion = resourceVersion;
    this.relistAt = Date.now() + this.options.timings.relistIntervalMs;
    this.markSynced();
  }

  /** One watch from the last resourceVersion; returns when it closes cleanly, throws otherwise. */
  private async watchOnce(): Promise<void> {
    const { timings } = this.options;
    const kc = await this.options.kubeConfig();
    let expired = false;
    let failure: unknown;
    const startedAt = Date.now();
    let received = 0;
    this.kicked = false;
    const handle = await startWatch({
      kc,
      served: this.served,
      resourceVersion: this.resourceVersion,
      // Jitter so a fleet of watches does not reconnect in lockstep.
      timeoutSeconds: Math.round(
        timings.watchTimeoutSeconds * (0.8 + Math.random() * 0.4),
      ),
      connectTimeoutMs: timings.requestTimeoutMs,
      onEvent: event => {
        received++;
        const outcome = this.apply(event);
        if (outcome !== 'ok') {
          if (outcome === 'expired') {
            expired = true;
          } else {
            failure = outcome;
          }
          this.currentWatch?.abort();
        }
      },
    });
    this.currentWatch = handle;
    const ended = await handle.ended;
    this.currentWatch = undefined;
    if (this.control.stopped || this.kicked) {
      return;
    }
    if (expired) {
      throw new Expired('resourceVersion expired');
    }
    if (failure ?? ended) {
      throw failure ?? ended;
    }
    if (received > 0 || Date.now() - startedAt > 1000) {
      this.markSynced();
    } else {
      // A server that closes watches at once: do not spin.
      await sleep(this.nextBackoff(), this.control);
    }
  }

  private apply(event: WatchEvent): 'ok' | 'expired' | unknown {
    const { store } = this.options;
    switch (event.type) {
      case 'BOOKMARK':
        this.resourceVersion = event.resourceVersion || this.resourceVersion;
        this.markSynced();
        return 'ok';
      case 'ERROR': {
        const code = event.status?.code;
        return code === 410 ? 'expired' : event.status;
      }
      case 'DELETED': {
        const meta = event.object?.metadata ?? {};
        store.remove(meta.namespace, meta.name);
        break;
      }
      default: {
        const record = this.compact(event.object);
        const meta = event.object?.metadata ?? {};
        if (record) {
          store.upsert(record);
        } else {
          store.remove(meta.namespace, meta.name);
        }
      }
    }
    this.resourceVersion = event.object?.metadata?.resourceVersion ?? this.resourceVersion;
    this.markSynced();
    return 'ok';
  }

  private compact(object: unknown): KubeObject | undefined {
    try {
      return this.served.kind.compact(object, this.served.apiVersion);
    } catch (error) {
      const meta = (object as { metadata?: { name?: string; namespace?: string } })?.metadata;
      this.options.logger.warn('Skipped an object the traffic cache could not read', {
        kind: this.served.kind.kind,
        namespace: meta?.namespace,
        name: meta?.name,
        error: error instanceof Error ? error.message : String(error),
      });
      return undefined;
    }
  }

  private markSynced(): void {
    const changed = this.state !== 'synced' || !this.everSynced;
    this.state = 'synced';
    this.error = undefined;
    this.everSynced = true;
    this.failures = 0;
    this.lastSync = new Date();
    this.options.listener.onSync?.(this);
    if (changed) {
      this.options.listener.onChange(this);
    }
  }

  private nextBackoff(): number {
    const { backoffInitialMs, backoffMaxMs } = this.options.timings;
    const base = Math.min(backoffMaxMs, backoffInitialMs * 2 ** this.failures);
    this.failures++;
    return base * (0.5 + Math.random() * 0.5);
  }

  private async handleFailure(error: unknown): Promise<void> {
    if (
      error instanceof Expired ||
      (error as { statusCode?: number })?.statusCode === 410
    ) {
      // 410 Gone: the resourceVersion left the server's history; relist now.
      this.resourceVersion = '';
      return;
    }
    const described = describeClusterError(error);
    const missing = described.kind === 'forbidden' || described.kind === 'not-installed';
    const wasState = this.state;
    this.error = described;
    if (missing && !this.everSynced) {
      this.state = 'missing';
    } else {
      this.state = 'failing';
    }
    if (wasState !== this.state || this.failures === 0) {
      this.options.logger.warn('Traffic cache cannot read a kind', {
        kind: this.served.kind.kind,
        source: this.served.kind.id,
        reason: described.reason,
        errorKind: described.kind,
      });
    }
    this.options.listener.onChange(this);
    const delay = this.state === 'missing'
      ? this.options.timings.relistIntervalMs
      : this.nextBackoff();
    await sleep(delay, this.control);
  }
}
