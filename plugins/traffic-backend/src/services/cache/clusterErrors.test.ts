import { KubeConfig } from '@kubernetes/client-node';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { describeClusterError } from './clusterErrors';
import { discoverKinds } from './discovery';
import { listPage } from './listWatch';
import { WATCHED_KINDS } from './kinds';

const SERVER = 'https://aks-test.hcp.westeurope.azmk8s.io';

function kubeConfig(server = SERVER): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'token-value-never-logged' }],
    contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
    currentContext: 'c',
  });
  return kc;
}

const status = (code: number, reason: string, message: string) =>
  HttpResponse.json({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message }, { status: code });

async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return describeClusterError(error);
  }
  throw new Error('expected a failure');
}

const httpRoutes = WATCHED_KINDS.find(k => k.id === 'HTTPRoute')!;
const served = { kind: httpRoutes, version: 'v1', apiVersion: 'gateway.networking.k8s.io/v1' };

describe('Kubernetes API error shapes', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it.each([
    [403, 'Forbidden', 'httproutes.gateway.networking.k8s.io is forbidden: User "x" cannot list resource', 'forbidden'],
    [500, 'InternalError', 'Internal error occurred: etcdserver: request timed out', 'server-error'],
    [503, 'ServiceUnavailable', 'the server is currently unable to handle the request', 'server-error'],
  ])('a %s Status body keeps its reason and message', async (code, reason, message, kind) => {
    server.use(http.get(`${SERVER}/apis/gateway.networking.k8s.io/v1/httproutes`, () => status(code, reason, message)));
    const error = await failureOf(listPage({ kc: kubeConfig(), served, timeoutMs: 1000 }));
    expect(error).toEqual({ kind, reason, message });
  });

  it('a 401 (client-node drops its body) names the rejected credentials', async () => {
    server.use(http.get(`${SERVER}/apis/gateway.networking.k8s.io/v1/httproutes`, () => status(401, 'Unauthorized', 'Unauthorized')));
    const error = await failureOf(listPage({ kc: kubeConfig(), served, timeoutMs: 1000 }));
    expect(error).toMatchObject({ kind: 'unauthorized', reason: 'Unauthorized' });
    expect(error.message).toContain('401');
  });

  it('an HTML 502 from a proxy becomes a sentence without the body', async () => {
    server.use(
      http.get(`${SERVER}/apis`, () =>
        new HttpResponse('<html><body><h1>502 Bad Gateway</h1>nginx</body></html>', {
          status: 502,
          headers: { 'Content-Type': 'text/html' },
        }),
      ),
      http.get(`${SERVER}/api/v1`, () => HttpResponse.json({ resources: [] })),
    );
    const error = await failureOf(discoverKinds({ kc: kubeConfig(), kinds: WATCHED_KINDS, timeoutMs: 1000 }));
    expect(error.kind).toBe('server-error');
    expect(error.reason).toBe('BadGateway');
    expect(error.message).not.toContain('<html>');
    expect(error.message).toContain('502');
  });

  it('a hanging API server is a timeout', async () => {
    server.use(
      http.get(`${SERVER}/apis/gateway.networking.k8s.io/v1/httproutes`, async () => {
        await new Promise(resolve => setTimeout(resolve, 2000));
        return HttpResponse.json({ items: [] });
      }),
    );
    const error = await failureOf(listPage({ kc: kubeConfig(), served, timeoutMs: 100 }));
    expect(error.kind).toBe('timeout');
  });

  it('a refused connection is unreachable and does not leak the token', async () => {
    server.close();
    try {
      const error = await failureOf(listPage({ kc: kubeConfig('http://127.0.0.1:9'), served, timeoutMs: 1000 }));
      expect(error.kind).toBe('unreachable');
      expect(error.reason).toBe('ECONNREFUSED');
      expect(JSON.stringify(error)).not.toContain('token-value-never-logged');
    } finally {
      server.listen({ onUnhandledFrame: 'error' });
    }
  });

  it('a kind the cluster does not serve is missing, not an error', async () => {
    server.use(
      http.get(`${SERVER}/apis`, () =>
        HttpResponse.json({
          kind: 'APIGroupList',
          groups: [{ name: 'gateway.networking.k8s.io', versions: [{ groupVersion: 'gateway.networking.k8s.io/v1', version: 'v1' }] }],
        }),
      ),
      http.get(`${SERVER}/api/v1`, () =>
        HttpResponse.json({ kind: 'APIResourceList', resources: [{ name: 'services' }, { name: 'secrets' }, { name: 'namespaces' }, { name: 'configmaps' }] }),
      ),
      http.get(`${SERVER}/apis/gateway.networking.k8s.io/v1`, () => status(403, 'Forbidden', 'forbidden')),
    );
    const result = await discoverKinds({ kc: kubeConfig(), kinds: WATCHED_KINDS, timeoutMs: 1000 });
    expect(result.served.map(s => s.kind.id).sort()).toEqual(['MeshConfigMap', 'Namespace', 'Secret', 'Service']);
    const gateway = result.missing.find(m => m.kind.id === 'Gateway')!;
    expect(gateway.reason.kind).toBe('forbidden');
    expect(result.missing.find(m => m.kind.id === 'ServiceEntry')!.reason.kind).toBe('not-installed');
  });
});
