/**
 * Cooperative time slicing of the cache's CPU work (compacting and indexing LIST pages).
 *
 * Twenty clusters syncing at once run a few hundred lists concurrently. Yielding with `setImmediate`
 * alone does not keep the event loop responsive then: one loop iteration runs every immediate queued
 * before it, so each iteration carries a chunk of every list and timers (the read deadline) and
 * answers wait for all of them. Here the work shares one time slice: a task calls `slice()` between
 * items; within the slice it simply continues, past it the task queues and the scheduler resumes
 * one waiting task per loop iteration, lowest priority value first (so clusters complete one after the
 * other instead of all at the end), FIFO among equals.
 */
export const SLICE_MS = 8;

interface Waiter {
  priority: number;
  seq: number;
  resume: () => void;
}

export class SyncScheduler {
  private sliceStart = -Infinity;
  private readonly waiting: Waiter[] = [];
  private seq = 0;
  private draining = false;

  constructor(private readonly sliceMs = SLICE_MS) {}

  /**
   * Undefined while the current slice lasts (continue synchronously); otherwise a promise that
   * resolves when this task's turn comes.
   */
  slice(priority: number): Promise<void> | undefined {
    const now = performance.now();
    if (this.waiting.length === 0 && now - this.sliceStart < this.sliceMs) {
      return undefined;
    }
    // The slice is over (or others wait): a new one starts after a yield, so timers and I/O run.
    return new Promise<void>(resolve => {
      this.waiting.push({ priority, seq: this.seq++, resume: resolve });
      this.drain();
    });
  }

  /** Tasks waiting for their turn (tests). */
  get pending(): number {
    return this.waiting.length;
  }

  private drain(): void {
    if (this.draining) {
      return;
    }
    this.draining = true;
    setImmediate(() => {
      this.draining = false;
      const next = this.takeNext();
      if (!next) {
        return;
      }
      this.sliceStart = performance.now();
      next.resume();
      if (this.waiting.length > 0) {
        this.drain();
      }
    });
  }

  private takeNext(): Waiter | undefined {
    let best = -1;
    for (let i = 0; i < this.waiting.length; i++) {
      const w = this.waiting[i];
      const b = this.waiting[best];
      if (best < 0 || w.priority < b.priority || (w.priority === b.priority && w.seq < b.seq)) {
        best = i;
      }
    }
    return best < 0 ? undefined : this.waiting.splice(best, 1)[0];
  }
}

/** The process-wide scheduler (one event loop). */
export const syncScheduler = new SyncScheduler();

/**
 * A bound on concurrent LIST requests, granted lowest priority value first. Without it a cold start
 * sends every page request of every cluster at once (hundreds): their answers then arrive together,
 * each parsed in one piece by client-node, and no cluster completes before all of them do. With it,
 * clusters fill in order and the event loop sees a bounded number of answers at a time.
 */
export class RequestGate {
  private active = 0;
  private readonly waiting: Waiter[] = [];
  private seq = 0;

  constructor(readonly limit: number) {}

  /** Resolves when a request may start; call `release()` once its answer is processed. */
  async acquire(priority: number): Promise<void> {
    if (this.active < this.limit && this.waiting.length === 0) {
      this.active++;
      return;
    }
    await new Promise<void>(resolve => {
      this.waiting.push({ priority, seq: this.seq++, resume: resolve });
    });
  }

  release(): void {
    let best = -1;
    for (let i = 0; i < this.waiting.length; i++) {
      const w = this.waiting[i];
      const b = this.waiting[best];
      if (best < 0 || w.priority < b.priority || (w.priority === b.priority && w.seq < b.seq)) {
        best = i;
      }
    }
    if (best < 0) {
      this.active--;
      return;
    }
    // The slot passes to the next request directly.
    this.waiting.splice(best, 1)[0].resume();
  }

  /** Requests in flight / waiting (tests). */
  get state(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }
}

/** Concurrent LIST pages of all clusters together. */
export const LIST_CONCURRENCY = 128;
export const listGate = new RequestGate(LIST_CONCURRENCY);
