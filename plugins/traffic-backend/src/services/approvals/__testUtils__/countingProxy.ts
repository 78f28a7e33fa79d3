import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request that went through the proxy to the simulated API server. */
export interface ProxiedRequest {
  method: string;
  path: string;
  dryRun: boolean;
  /** A watch (`?watch=true`): a long-lived stream, not a round trip of one request. */
  watch: boolean;
  labelSelector?: string;
  fieldManager?: string;
  contentType?: string;
}

/**
 * A plain HTTP proxy in front of an aks-sim cluster that records every request, so tests count
 * what really reached the API server (e.g. server-side apply PATCHes per object), whichever
 * backend instance sent them.
 */
export class CountingProxy {
  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    /** Every request so far, in arrival order. */
    readonly requests: ProxiedRequest[],
  ) {}

  static async start(target: string): Promise<CountingProxy> {
    const upstream = new URL(target);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const requests: ProxiedRequest[] = [];
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', upstream);
      requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        dryRun: url.searchParams.get('dryRun') === 'All',
        watch: ['true', '1'].includes(url.searchParams.get('watch') ?? ''),
        labelSelector: url.searchParams.get('labelSelector') ?? undefined,
        fieldManager: url.searchParams.get('fieldManager') ?? undefined,
        contentType: req.headers['content-type'],
      });
      const forward = http.request(
        { agent, host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        answer => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', error => res.destroy(error));
      req.pipe(forward);
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    server.on('close', () => agent.destroy());
    return new CountingProxy(server, `http://127.0.0.1:${port}`, requests);
  }

  /** Server-side apply requests (not dry-run) whose path ends with `pathSuffix`, e.g. `/gateways/web`. */
  applies(pathSuffix?: string): ProxiedRequest[] {
    return this.requests.filter(
      r =>
        r.method === 'PATCH' &&
        !r.dryRun &&
        r.contentType?.startsWith('application/apply-patch') &&
        (pathSuffix === undefined || r.path.endsWith(pathSuffix)),
    );
  }

  /** Writes of any kind (not dry-run): POST, PUT, PATCH, DELETE. */
  writes(): ProxiedRequest[] {
    return this.requests.filter(r => r.method !== 'GET' && !r.dryRun);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }
}
