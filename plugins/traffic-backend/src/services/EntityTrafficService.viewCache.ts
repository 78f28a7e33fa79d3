/**
 * Serialized per-(cluster, entity) views, so a warm request neither re-interprets unchanged objects
 * nor re-serializes them. An entry is valid while its cluster's index version is unchanged and for at
 * most `ttlMs` (certificate views depend on the clock: days left, expired). Least recently used
 * entries leave first once the entries' total size passes `maxBytes`.
 */
export interface ViewEntry {
  version: number;
  expires: number;
  /** The entity has objects in the cluster (otherwise the cluster is left out of the answer). */
  found: boolean;
  /** `{"gateways":…,"routes":…,"certificates":…,"egress":…}`; computed when needed. */
  fragment?: string;
}

export class ViewCache {
  private readonly entries = new Map<string, ViewEntry>();
  private bytes = 0;

  constructor(
    private readonly options: { ttlMs: number; maxBytes: number },
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string, version: number, now: number): ViewEntry | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      return undefined;
    }
    this.entries.delete(key);
    if (entry.version !== version || entry.expires <= now) {
      this.bytes -= weight(key, entry);
      return undefined;
    }
    // Most recently used last.
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: Omit<ViewEntry, 'expires'>, now: number): ViewEntry {
    const previous = this.entries.get(key);
    if (previous) {
      this.entries.delete(key);
      this.bytes -= weight(key, previous);
    }
    const stored = { ...entry, expires: now + this.options.ttlMs };
    this.entries.set(key, stored);
    this.bytes += weight(key, stored);
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.options.maxBytes || oldKey === key) {
        break;
      }
      this.entries.delete(oldKey);
      this.bytes -= weight(oldKey, old);
    }
    return stored;
  }

  /** Adds the fragment to an entry stored without one (the size accounting follows). */
  fill(key: string, entry: ViewEntry, fragment: string): void {
    if (this.entries.get(key) === entry && entry.fragment === undefined) {
      this.bytes += fragment.length * 2;
    }
    entry.fragment = fragment;
  }
}

/** Approximate bytes held (V8 strings of this kind are mostly one byte per character; count two). */
function weight(key: string, entry: ViewEntry): number {
  return (key.length + (entry.fragment?.length ?? 0)) * 2 + 64;
}
