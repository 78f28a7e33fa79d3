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
  /**
   * UTF-8 of `{"gateways":…,"routes":…,"certificates":…,"egress":…}` without its opening brace, so a
   * cluster's part of the answer is its status head plus these bytes; computed when needed.
   */
  fragment?: Buffer;
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
  fill(key: string, entry: ViewEntry, fragment: Buffer): void {
    if (this.entries.get(key) === entry && entry.fragment === undefined) {
      this.bytes += fragment.length;
    }
    entry.fragment = fragment;
  }
}

/** Approximate bytes held: the key (two bytes a character at most), the fragment, some overhead. */
function weight(key: string, entry: ViewEntry): number {
  return key.length * 2 + (entry.fragment?.length ?? 0) + 64;
}

/** The parts an answer body was assembled from, and the assembled bytes. */
interface Assembled {
  parts: Array<string | Buffer>;
  body: Buffer;
  /** The body holds while these versions (one a cluster) do, until `expires`. */
  valid?: { versions: number[]; expires: number };
}

/**
 * Assembled answer bodies per entity, reused while every part is the same (head strings equal,
 * fragment buffers identical): a warm request then sends the stored bytes, with no large string or
 * buffer allocated per request (each would be a large-object allocation and bring major GCs closer).
 * Least recently used bodies leave first past `maxBytes`.
 */
export class BodyCache {
  private readonly entries = new Map<string, Assembled>();
  private bytes = 0;

  constructor(private readonly options: { maxBytes: number }) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * The body stored for `key` if it was assembled with `valid` equal to these `versions` and has not
   * expired: nothing it was made of can have changed, so the parts need not be gathered again.
   */
  current(key: string, versions: readonly number[], now: number): Buffer | undefined {
    const entry = this.entries.get(key);
    const valid = entry?.valid;
    if (!valid || valid.expires <= now || valid.versions.length !== versions.length) {
      return undefined;
    }
    for (let i = 0; i < versions.length; i++) {
      if (valid.versions[i] !== versions[i]) {
        return undefined;
      }
    }
    this.entries.delete(key);
    this.entries.set(key, entry!);
    return entry!.body;
  }

  /**
   * The body of `parts` (in order, UTF-8), reused when `key` was last assembled from equal parts.
   * `valid`: when `current` may return it without the parts (omit it while any part is transient).
   */
  assemble(
    key: string,
    parts: Array<string | Buffer>,
    valid?: { versions: number[]; expires: number },
  ): Buffer {
    const previous = this.entries.get(key);
    if (previous && sameParts(previous.parts, parts)) {
      this.entries.delete(key);
      previous.valid = valid;
      this.entries.set(key, previous);
      return previous.body;
    }
    const body = Buffer.concat(
      parts.map(part => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part)),
    );
    if (previous) {
      this.entries.delete(key);
      this.bytes -= bodyWeight(key, previous);
    }
    const stored: Assembled = { parts, body, valid };
    const added = bodyWeight(key, stored);
    if (added > this.options.maxBytes) {
      return body;
    }
    this.entries.set(key, stored);
    this.bytes += added;
    for (const [oldKey, old] of this.entries) {
      if (this.bytes <= this.options.maxBytes) {
        break;
      }
      this.entries.delete(oldKey);
      this.bytes -= bodyWeight(oldKey, old);
    }
    return body;
  }
}

function sameParts(a: Array<string | Buffer>, b: Array<string | Buffer>): boolean {
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return false;
    }
  }
  return true;
}

/** The body and its parts (fragments count here too: an entry may outlive their view). */
function bodyWeight(key: string, entry: Assembled): number {
  let bytes = key.length * 2 + entry.body.length + 64;
  for (const part of entry.parts) {
    bytes += typeof part === 'string' ? part.length * 2 : part.length;
  }
  return bytes;
}
