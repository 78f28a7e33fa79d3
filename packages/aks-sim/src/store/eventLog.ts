import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import type { ResourceType, StoreEvent } from './types';

/** A change as committed: the event plus what watches need to filter and serialize it once. */
export interface CommittedEvent extends StoreEvent {
  readonly resourceVersion: number;
  /** `group/plural`, the same for every version of a kind. */
  readonly storageKey: string;
  /** The object before the change (MODIFIED), for selector transitions in watches. */
  readonly oldObject?: KubeObject;
  /** Watch-event JSON lines per apiVersion, built on first use and shared by all watchers. */
  readonly lines: Map<string, string>;
  readonly resource: ResourceType;
}

export type CommittedListener = (event: CommittedEvent) => void;

/**
 * The bounded history watches resume from, and in-order delivery to listeners. Delivery is queued
 * so that a listener which writes while being notified cannot reorder events for later listeners.
 */
export class EventLog {
  private readonly ring: CommittedEvent[] = [];
  private start = 0;
  private readonly listeners = new Set<CommittedListener>();
  private readonly queue: CommittedEvent[] = [];
  private delivering = false;
  /** Events with a resourceVersion at or below this are gone from history. */
  private compacted: number;

  constructor(private readonly capacity: number, initialResourceVersion: number) {
    this.compacted = initialResourceVersion;
  }

  get compactedResourceVersion(): number {
    return this.compacted;
  }

  append(event: CommittedEvent): void {
    if (this.ring.length - this.start >= this.capacity) {
      this.compacted = this.ring[this.start].resourceVersion;
      this.start++;
      // Drop the consumed prefix now and then instead of shifting on every append.
      if (this.start > 1024 && this.start * 2 > this.ring.length) {
        this.ring.splice(0, this.start);
        this.start = 0;
      }
    }
    this.ring.push(event);
    this.queue.push(event);
    if (this.delivering) return;
    this.delivering = true;
    try {
      while (this.queue.length > 0) {
        const next = this.queue.shift()!;
        for (const listener of [...this.listeners]) {
          try {
            listener(next);
          } catch (error) {
            // A failing listener must not break the write that triggered it or other listeners.
            process.emitWarning(`aks-sim store listener failed: ${String(error)}`);
          }
        }
      }
    } finally {
      this.delivering = false;
    }
  }

  /** Events after `resourceVersion`, or undefined when history no longer reaches back that far. */
  since(resourceVersion: number): CommittedEvent[] | undefined {
    if (resourceVersion < this.compacted) return undefined;
    const events: CommittedEvent[] = [];
    // History is ordered; search backwards because watches usually resume from recent versions.
    let index = this.ring.length - 1;
    while (index >= this.start && this.ring[index].resourceVersion > resourceVersion) index--;
    for (let i = index + 1; i < this.ring.length; i++) events.push(this.ring[i]);
    return events;
  }

  subscribe(listener: CommittedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
