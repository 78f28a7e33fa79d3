import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import type { FaultInjector } from '../faults/faultInjector';
import { badRequest, failureStatus } from '../store/errors';
import type { CommittedEvent } from '../store/eventLog';
import type { MemoryObjectStore } from '../store/memoryStore';
import { apiVersionOf, storageKeyOf } from '../store/resources';
import { compileFieldSelector, compileLabelSelector } from '../store/selectors';
import type { ResourceType } from '../store/types';

export interface WatchSettings {
  /** How often BOOKMARK events go out when the client allows them. */
  bookmarkIntervalMs: number;
  /** Server-side watch timeout when the client gives none (Kubernetes picks 30–60 minutes). */
  defaultTimeoutSeconds: number;
}

export interface WatchRequest {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  store: MemoryObjectStore;
  faults: FaultInjector;
  settings: WatchSettings;
  resource: ResourceType;
  namespace?: string;
}

/**
 * Streams watch events (one JSON object per line) from `resourceVersion` on: synthetic ADDED
 * events for the current state when no version (or "0") is given, history replay otherwise, an
 * ERROR event with a 410 Expired Status when history no longer reaches back that far.
 */
export function serveWatch(request: WatchRequest): void {
  const { req, res, query, store, faults, settings, resource, namespace } = request;
  const apiVersion = apiVersionOf(resource);
  const storageKey = storageKeyOf(resource);
  const labelMatches = compileLabelSelector(query.get('labelSelector') ?? undefined);
  const fieldMatches = compileFieldSelector(query.get('fieldSelector') ?? undefined, resource.kind);
  const matches = (object: KubeObject | undefined) =>
    object !== undefined && (namespace === undefined || object.metadata.namespace === namespace) && labelMatches(object) && fieldMatches(object);
  const requestedVersion = query.get('resourceVersion') ?? '';
  if (requestedVersion !== '' && !/^\d+$/.test(requestedVersion)) throw badRequest(`invalid resource version: ${requestedVersion}`);
  const allowBookmarks = query.get('allowWatchBookmarks') === 'true' || query.get('allowWatchBookmarks') === '1';
  const sendInitialEvents = query.get('sendInitialEvents') === 'true';
  const timeoutSeconds = query.has('timeoutSeconds') ? Number(query.get('timeoutSeconds')) : settings.defaultTimeoutSeconds;

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();

  let sent = 0;
  let closed = false;
  const eventLimit = faults.watchEventLimit();
  const cleanups: Array<() => void> = [];
  const close = (abrupt = false) => {
    if (closed) return;
    closed = true;
    for (const cleanup of cleanups) cleanup();
    if (abrupt) res.destroy();
    else res.end();
  };
  const write = (line: string) => {
    if (closed) return;
    res.write(line);
    sent++;
    if (eventLimit !== undefined && sent >= eventLimit) close();
  };
  const objectLine = (type: string, object: KubeObject) => `{"type":"${type}","object":${store.jsonOf(object, apiVersion)}}\n`;
  const bookmark = (annotations?: Record<string, string>) =>
    write(`${JSON.stringify({ type: 'BOOKMARK', object: { kind: resource.kind, apiVersion, metadata: { resourceVersion: String(store.currentResourceVersion()), ...(annotations ? { annotations } : {}) } } })}\n`);

  const deliver = (event: CommittedEvent) => {
    if (closed || event.storageKey !== storageKey) return;
    const now = matches(event.object);
    const before = event.type === 'MODIFIED' && matches(event.oldObject);
    let type: string = event.type;
    // Selector transitions: an object that stops matching is DELETED for this watch, one that starts is ADDED.
    if (event.type === 'MODIFIED') {
      if (!now && !before) return;
      if (now && !before) type = 'ADDED';
      if (!now && before) type = 'DELETED';
    } else if (!now) {
      return;
    }
    const key = `${type}|${apiVersion}`;
    let line = event.lines.get(key);
    if (line === undefined) {
      line = objectLine(type, event.object);
      event.lines.set(key, line);
    }
    write(line);
  };

  // Replay and subscription happen in the same tick, so no change falls between them.
  if (requestedVersion === '' || requestedVersion === '0' || sendInitialEvents) {
    for (const entry of store.listPage(resource, { namespace }).entries) {
      if (matches(entry.object)) write(objectLine('ADDED', entry.object));
    }
    if (sendInitialEvents && allowBookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
  } else {
    const history = store.log.since(Number(requestedVersion));
    if (!history) {
      const status = failureStatus(410, 'Expired', `too old resource version: ${requestedVersion} (${store.log.compactedResourceVersion})`);
      write(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
      close();
      return;
    }
    for (const event of history) deliver(event);
  }
  if (closed) return;
  cleanups.push(store.subscribeCommitted(deliver));
  cleanups.push(faults.trackWatch(mode => close(mode === 'reset')));
  if (allowBookmarks) {
    const timer = setInterval(() => bookmark(), settings.bookmarkIntervalMs);
    cleanups.push(() => clearInterval(timer));
  }
  if (Number.isFinite(timeoutSeconds) && timeoutSeconds > 0) {
    const timer = setTimeout(() => {
      if (allowBookmarks) bookmark();
      close();
    }, timeoutSeconds * 1000);
    cleanups.push(() => clearTimeout(timer));
  }
  req.on('close', () => close());
  res.on('close', () => close());
}
