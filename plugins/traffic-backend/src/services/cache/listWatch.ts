import {
  CoreV1Api,
  CustomObjectsApi,
  Watch,
  type KubeConfig,
} from '@kubernetes/client-node';
import { makeTimedApiClient } from '../ClusterRegistry';
import type { WatchedKind } from './kinds';

/** A kind as the cluster serves it (the version discovery picked). */
export interface ServedKind {
  kind: WatchedKind;
  version: string;
  apiVersion: string;
}

export interface ListPage {
  items: any[];
  resourceVersion: string;
  continueToken?: string;
}

/** Items per LIST page: client-node parses a page in one go, so this bounds that pause (~250 routes ≈ a few ms). */
const PAGE_SIZE = 250;

function selectors(kind: WatchedKind) {
  return {
    ...(kind.labelSelector ? { labelSelector: kind.labelSelector } : {}),
    ...(kind.fieldSelector ? { fieldSelector: kind.fieldSelector } : {}),
  };
}

/** One LIST page through client-node (typed API for the core group, CustomObjectsApi otherwise). */
export async function listPage(options: {
  kc: KubeConfig;
  served: ServedKind;
  continueToken?: string;
  timeoutMs: number;
}): Promise<ListPage> {
  const { kc, served, continueToken, timeoutMs } = options;
  const { kind, version } = served;
  const query = {
    ...selectors(kind),
    limit: PAGE_SIZE,
    ...(continueToken ? { _continue: continueToken } : {}),
  };
  let list: { items?: any[]; metadata?: { resourceVersion?: string; _continue?: string; continue?: string } };
  if (kind.group === '') {
    const core = makeTimedApiClient(kc, CoreV1Api, timeoutMs);
    switch (kind.plural) {
      case 'services':
        list = await core.listServiceForAllNamespaces(query);
        break;
      case 'secrets':
        list = await core.listSecretForAllNamespaces(query);
        break;
      case 'namespaces':
        list = await core.listNamespace(query);
        break;
      case 'configmaps':
        list = kind.namespace
          ? await core.listNamespacedConfigMap({ namespace: kind.namespace, ...query })
          : await core.listConfigMapForAllNamespaces(query);
        break;
      default:
        throw new Error(`No core list for ${kind.plural}`);
    }
  } else {
    const custom = makeTimedApiClient(kc, CustomObjectsApi, timeoutMs);
    list = kind.namespace
      ? await custom.listNamespacedCustomObject({
          group: kind.group,
          version,
          namespace: kind.namespace,
          plural: kind.plural,
          ...query,
        })
      : await custom.listClusterCustomObject({
          group: kind.group,
          version,
          plural: kind.plural,
          ...query,
        });
  }
  const next = list.metadata?._continue ?? list.metadata?.continue;
  return {
    items: list.items ?? [],
    resourceVersion: list.metadata?.resourceVersion ?? '',
    ...(next ? { continueToken: next } : {}),
  };
}

/** The REST path of a kind's collection (what client-node's Watch needs). */
export function collectionPath(served: ServedKind): string {
  const { kind, version } = served;
  const base = kind.group === '' ? `/api/${version}` : `/apis/${kind.group}/${version}`;
  return kind.namespace
    ? `${base}/namespaces/${encodeURIComponent(kind.namespace)}/${kind.plural}`
    : `${base}/${kind.plural}`;
}

export type WatchEvent =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: any }
  | { type: 'BOOKMARK'; resourceVersion: string }
  | { type: 'ERROR'; status: any };

export interface WatchHandle {
  /** Settles when the stream ends: `null` for a clean close, the error otherwise. */
  ended: Promise<unknown>;
  abort(): void;
}

/**
 * Starts a watch from `resourceVersion` with client-node's `Watch`. Connecting is bounded by
 * `connectTimeoutMs` (client-node itself waits forever for the response headers).
 */
export async function startWatch(options: {
  kc: KubeConfig;
  served: ServedKind;
  resourceVersion: string;
  timeoutSeconds: number;
  connectTimeoutMs: number;
  onEvent: (event: WatchEvent) => void;
}): Promise<WatchHandle> {
  const { served } = options;
  let resolveEnded!: (value: unknown) => void;
  const ended = new Promise<unknown>(resolve => {
    resolveEnded = resolve;
  });
  let aborted = false;
  const watch = new Watch(options.kc);
  const starting = watch.watch(
    collectionPath(served),
    {
      ...selectors(served.kind),
      resourceVersion: options.resourceVersion,
      allowWatchBookmarks: true,
      timeoutSeconds: options.timeoutSeconds,
    },
    (type, object) => {
      if (aborted) {
        return;
      }
      if (type === 'BOOKMARK') {
        options.onEvent({
          type,
          resourceVersion: object?.metadata?.resourceVersion ?? '',
        });
      } else if (type === 'ERROR') {
        options.onEvent({ type, status: object });
      } else if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') {
        options.onEvent({ type, object });
      }
    },
    error => resolveEnded(error ?? null),
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>(resolve => {
    timer = setTimeout(() => resolve('timeout'), options.connectTimeoutMs);
  });
  const outcome = await Promise.race([starting, timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    aborted = true;
    // Abort the request once client-node hands us its controller.
    starting.then(controller => controller.abort()).catch(() => undefined);
    const error = new Error('The API server did not start the watch in time');
    error.name = 'AbortError';
    throw error;
  }
  return {
    ended,
    abort: () => {
      aborted = true;
      outcome.abort();
    },
  };
}
