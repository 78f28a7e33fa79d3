/** Faults one simulated cluster injects into its API traffic. All parts are optional. */
export interface FaultRules {
  /** Makes every random choice (error rates, jitter, resets) repeatable. */
  seed?: number;
  /** Delay before answering matching requests. */
  latency?: { fixedMs?: number; jitterMs?: number; path?: string };
  /** Answer a share (`rate` 0..1) of matching requests with an error status. */
  errors?: Array<{ status: 429 | 500 | 503; rate: number; path?: string; method?: string }>;
  /** Refuse matching requests as unauthenticated (401) or unauthorized (403). */
  deny?: { status: 401 | 403; path?: string };
  /** Destroy the connection of a share of matching requests without answering. */
  resets?: { rate: number; path?: string };
  /** Close every watch stream after it has delivered this many events. */
  dropWatchesAfterEvents?: number;
}

export type WatchDropMode = 'close' | 'reset';

/** What the server does with one request. */
export type FaultDecision =
  | { kind: 'pass' }
  | { kind: 'error'; status: 429 | 500 | 503 }
  | { kind: 'deny'; status: 401 | 403 }
  | { kind: 'reset' };

/** The listener controls the server gives the injector (unreachable = not listening). */
export interface ReachabilityControl {
  goOffline(): Promise<void>;
  goOnline(): Promise<void>;
}

/** A small seeded PRNG (mulberry32) so seeded fault runs repeat exactly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function matches(pattern: string | undefined, path: string): boolean {
  return pattern === undefined || new RegExp(pattern).test(path);
}

/**
 * Per-cluster fault injection, changeable at runtime from tests (this object) or over HTTP
 * (the admin endpoint `/aks-sim/faults`).
 */
export class FaultInjector {
  private current: FaultRules = {};
  private random: () => number = Math.random;
  private readonly watches = new Set<(mode: WatchDropMode) => void>();
  private reachability?: ReachabilityControl;
  private offline = false;

  get rules(): FaultRules {
    return structuredClone(this.current);
  }

  get unreachable(): boolean {
    return this.offline;
  }

  /** Replaces all rules. */
  set(rules: FaultRules): void {
    this.current = structuredClone(rules);
    this.random = rules.seed !== undefined ? seededRandom(rules.seed) : Math.random;
  }

  /** Changes some rules, keeping the others. */
  update(rules: Partial<FaultRules>): void {
    this.set({ ...this.current, ...rules });
  }

  /** Removes every fault (the cluster behaves normally again, and comes back if unreachable). */
  async clear(): Promise<void> {
    this.set({});
    if (this.offline) await this.setUnreachable(false);
  }

  /**
   * Ends every open watch stream now: `close` ends them as the API server does at a timeout,
   * `reset` destroys the connection mid-stream. Returns how many were dropped.
   */
  dropWatches(mode: WatchDropMode = 'close'): number {
    const closers = [...this.watches];
    this.watches.clear();
    for (const close of closers) close(mode);
    return closers.length;
  }

  /** Stops listening (connections refused) or starts again on the same port. */
  async setUnreachable(unreachable: boolean): Promise<void> {
    if (!this.reachability) throw new Error('this cluster has no listener to take offline');
    if (unreachable === this.offline) return;
    this.offline = unreachable;
    if (unreachable) await this.reachability.goOffline();
    else await this.reachability.goOnline();
  }

  // ---- used by the server ------------------------------------------------------------------

  bindReachability(control: ReachabilityControl): void {
    this.reachability = control;
  }

  /** Registers an open watch stream; returns its unregister function. */
  trackWatch(close: (mode: WatchDropMode) => void): () => void {
    this.watches.add(close);
    return () => this.watches.delete(close);
  }

  delayFor(path: string): number {
    const latency = this.current.latency;
    if (!latency || !matches(latency.path, path)) return 0;
    return Math.max(0, (latency.fixedMs ?? 0) + (latency.jitterMs ? this.random() * latency.jitterMs : 0));
  }

  decide(method: string, path: string): FaultDecision {
    const { deny, resets, errors } = this.current;
    if (deny && matches(deny.path, path)) return { kind: 'deny', status: deny.status };
    if (resets && matches(resets.path, path) && this.random() < resets.rate) return { kind: 'reset' };
    for (const rule of errors ?? []) {
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (matches(rule.path, path) && this.random() < rule.rate) return { kind: 'error', status: rule.status };
    }
    return { kind: 'pass' };
  }

  watchEventLimit(): number | undefined {
    return this.current.dropWatchesAfterEvents;
  }
}
