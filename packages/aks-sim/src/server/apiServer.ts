import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultInjector, FaultRules, WatchDropMode } from '../faults/faultInjector';
import { failureStatus, methodNotAllowed, qualifiedResource, StatusError } from '../store/errors';
import type { MemoryObjectStore } from '../store/memoryStore';
import type { SimulatedClusterInfo } from '../store/types';
import { apiGroup, coreVersions, groupList, resourceList, versionInfo } from './discovery';
import { parseBody, readBody, sendError, sendJson, sendStatus } from './http';
import { handleResource } from './resourceHandler';
import { parseRoute, type Route } from './routes';
import type { WatchSettings } from './watchHandler';

export interface ApiServerOptions {
  store: MemoryObjectStore;
  faults: FaultInjector;
  cluster: SimulatedClusterInfo;
  /** Bearer token every request (except /version and health checks) must carry. */
  token: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  watch: WatchSettings;
}

/** Paths Kubernetes' `system:public-info-viewer` role lets anyone read. */
const PUBLIC_ROUTES = new Set<Route['type']>(['version', 'health']);

const ERROR_REASONS: Record<number, string> = { 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable' };
const INJECTED_ERROR_MESSAGES: Record<number, string> = {
  429: 'Too many requests, please try again later.',
  500: 'Internal error occurred: injected fault',
  503: 'the server is currently unable to handle the request',
};

/** One simulated cluster's API server: a loopback HTTP listener over its store. */
export class SimApiServer {
  private readonly server: Server;
  private boundPort = 0;

  constructor(private readonly options: ApiServerOptions) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(error => sendError(res, error));
    });
    // Watches are long-lived; the API server does not time requests out on its own.
    this.server.requestTimeout = 0;
    this.server.keepAliveTimeout = 30_000;
    options.faults.bindReachability({ goOffline: () => this.close(), goOnline: () => this.listen(this.boundPort) });
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `http://${this.options.host}:${this.boundPort}`;
  }

  async start(): Promise<void> {
    await this.listen(this.options.port);
  }

  async stop(): Promise<void> {
    this.options.faults.dropWatches('close');
    if (this.server.listening) await this.close();
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.server.once('error', onError);
      this.server.listen(port, this.options.host, () => {
        this.server.off('error', onError);
        this.boundPort = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private close(): Promise<void> {
    return new Promise(resolve => {
      this.server.close(() => resolve());
      // Unreachable means unreachable: open connections (and watches) die with the listener.
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { store, faults, token, cluster } = this.options;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = parseRoute(url.pathname, store.registry);
    const authorized = req.headers.authorization === `Bearer ${token}`;

    if (route.type === 'admin') {
      if (!authorized) return sendStatus(res, failureStatus(401, 'Unauthorized', 'Unauthorized'));
      return this.handleAdmin(route.action, req, res);
    }

    const delay = faults.delayFor(url.pathname);
    if (delay > 0) await new Promise(resolve => setTimeout(resolve, delay));
    const decision = faults.decide(req.method ?? 'GET', url.pathname);
    if (decision.kind === 'reset') return void req.socket.destroy();
    if (decision.kind === 'deny') return this.deny(decision.status, route, req, res);
    if (decision.kind === 'error') {
      const message = INJECTED_ERROR_MESSAGES[decision.status];
      return sendStatus(res, failureStatus(decision.status, ERROR_REASONS[decision.status], message, decision.status === 429 ? { retryAfterSeconds: 1 } : undefined), decision.status === 429 ? { 'Retry-After': '1' } : {});
    }

    if (!authorized && !PUBLIC_ROUTES.has(route.type)) return this.deny(401, route, req, res);

    const address = `${this.options.host}:${this.boundPort}`;
    switch (route.type) {
      case 'version':
        return sendJson(res, 200, versionInfo(cluster));
      case 'health':
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        return void res.end('ok');
      case 'coreVersions':
        return sendJson(res, 200, coreVersions(address));
      case 'groupList':
        return sendJson(res, 200, groupList(store.registry));
      case 'group':
        return this.sendDocument(res, apiGroup(store.registry, route.group));
      case 'resourceList':
        return this.sendDocument(res, resourceList(store.registry, route.group, route.version));
      case 'resource':
        return handleResource({ req, res, query: url.searchParams, store, faults, watchSettings: this.options.watch, resource: route.resource, namespace: route.namespace, name: route.name, subresource: route.subresource });
      default:
        return this.sendDocument(res, undefined);
    }
  }

  private sendDocument(res: ServerResponse, document: unknown): void {
    if (document === undefined) {
      sendStatus(res, { ...failureStatus(404, 'NotFound', 'the server could not find the requested resource'), details: {} });
      return;
    }
    sendJson(res, 200, document);
  }

  private deny(status: 401 | 403, route: Route, req: IncomingMessage, res: ServerResponse): void {
    if (status === 401) return sendStatus(res, failureStatus(401, 'Unauthorized', 'Unauthorized'));
    let verb = (req.method ?? 'GET').toLowerCase();
    if (verb === 'get' && route.type === 'resource' && !route.name) verb = 'list';
    if (route.type === 'resource') {
      const { resource, namespace } = route;
      let where = '';
      if (namespace) where = ` in the namespace "${namespace}"`;
      else if (resource.namespaced) where = ' at the cluster scope';
      const message = `${qualifiedResource(resource.group, resource.plural)}${route.name ? ` "${route.name}"` : ''} is forbidden: User "aks-sim-user" cannot ${verb} resource "${resource.plural}" in API group "${resource.group}"${where}`;
      return sendStatus(res, failureStatus(403, 'Forbidden', message, { ...(route.name ? { name: route.name } : {}), group: resource.group, kind: resource.plural }));
    }
    return sendStatus(res, failureStatus(403, 'Forbidden', `forbidden: User "aks-sim-user" cannot ${verb} path "${req.url ?? '/'}"`, {}));
  }

  /** `/aks-sim/faults`: read and change this cluster's faults over HTTP (not subject to them). */
  private async handleAdmin(action: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { faults } = this.options;
    const method = req.method ?? 'GET';
    const body = async () => {
      const text = await readBody(req);
      return (text.trim() ? parseBody(text, 'json') : {}) as Record<string, unknown>;
    };
    try {
      if (action === 'faults') {
        if (method === 'PUT') faults.set((await body()) as FaultRules);
        else if (method === 'PATCH') faults.update((await body()) as Partial<FaultRules>);
        else if (method === 'DELETE') await faults.clear();
        else if (method !== 'GET') throw methodNotAllowed();
        return sendJson(res, 200, { rules: faults.rules, unreachable: faults.unreachable });
      }
      if (action === 'faults/drop-watches' && method === 'POST') {
        const { mode } = await body();
        return sendJson(res, 200, { dropped: faults.dropWatches((mode as WatchDropMode | undefined) ?? 'close') });
      }
      if (action === 'faults/unreachable' && method === 'POST') {
        const { forMs } = await body();
        const duration = typeof forMs === 'number' && forMs > 0 ? forMs : 5000;
        sendJson(res, 202, { unreachableForMs: duration });
        // Answer first: going offline closes this very connection.
        return void res.on('finish', () => {
          faults.setUnreachable(true).then(() => setTimeout(() => void faults.setUnreachable(false), duration));
        });
      }
      throw new StatusError(404, 'NotFound', `unknown aks-sim admin action: ${action}`);
    } catch (error) {
      return sendError(res, error);
    }
  }
}
