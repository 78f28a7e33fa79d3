import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import { compareStrings } from './fieldSets';
import type { ManagedEntry } from './managedFields';

/** One stored object: a frozen object in its storage version plus its ownership records. */
export interface StoredEntry {
  readonly object: KubeObject;
  readonly managed: ManagedEntry[];
  readonly resourceVersion: number;
}

interface NamespaceBucket {
  byName: Map<string, StoredEntry>;
  /** Entries ordered by name, rebuilt lazily after a write. */
  sorted?: StoredEntry[];
}

/**
 * Objects of one kind, indexed by namespace then name ('' for cluster-scoped kinds), iterated in
 * the same `namespace/name` key order etcd lists in.
 */
export class KindIndex {
  private readonly namespaces = new Map<string, NamespaceBucket>();
  private sortedNamespaces?: string[];
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(namespace: string, name: string): StoredEntry | undefined {
    return this.namespaces.get(namespace)?.byName.get(name);
  }

  set(namespace: string, name: string, entry: StoredEntry): void {
    let bucket = this.namespaces.get(namespace);
    if (!bucket) {
      bucket = { byName: new Map() };
      this.namespaces.set(namespace, bucket);
      this.sortedNamespaces = undefined;
    }
    const existing = bucket.byName.get(name);
    bucket.byName.set(name, entry);
    if (!existing) {
      this.count++;
      bucket.sorted = undefined;
    } else if (bucket.sorted) {
      // Same key, same position: replace in place instead of re-sorting.
      const index = bucket.sorted.indexOf(existing);
      if (index >= 0) bucket.sorted[index] = entry;
      else bucket.sorted = undefined;
    }
  }

  delete(namespace: string, name: string): boolean {
    const bucket = this.namespaces.get(namespace);
    if (!bucket?.byName.delete(name)) return false;
    this.count--;
    bucket.sorted = undefined;
    if (bucket.byName.size === 0) {
      this.namespaces.delete(namespace);
      this.sortedNamespaces = undefined;
    }
    return true;
  }

  /** Entries of one namespace (or all when undefined) in key order. */
  *ordered(namespace?: string): Generator<StoredEntry> {
    const namespaces = namespace !== undefined ? [namespace] : (this.sortedNamespaces ??= [...this.namespaces.keys()].sort());
    for (const ns of namespaces) {
      const bucket = this.namespaces.get(ns);
      if (!bucket) continue;
      bucket.sorted ??= [...bucket.byName.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, e]) => e);
      yield* bucket.sorted;
    }
  }

  countIn(namespace?: string): number {
    return namespace === undefined ? this.count : this.namespaces.get(namespace)?.byName.size ?? 0;
  }
}

/** Deep-freezes a stored object so accidental mutation throws instead of corrupting the store. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}

interface ContinueToken {
  v: 'meta.k8s.io/v1';
  rv: number;
  start: string;
}

export function encodeContinue(resourceVersion: number, lastKey: string): string {
  const token: ContinueToken = { v: 'meta.k8s.io/v1', rv: resourceVersion, start: `${lastKey}\u0000` };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

export function decodeContinue(text: string): ContinueToken | undefined {
  try {
    const token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as ContinueToken;
    if (token.v !== 'meta.k8s.io/v1' || typeof token.rv !== 'number' || typeof token.start !== 'string') return undefined;
    return token;
  } catch {
    return undefined;
  }
}

export function keyOf(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}
