import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
} from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import {
  clusterTraffic,
  clusters,
  entityTraffic,
  gatewayOptions,
  pendingGatewayChange,
} from '../__fixtures__';
import { TrafficClient } from './TrafficClient';
import type { ChangeList, SubmitChangeRequest } from './types';

const baseUrl = 'http://localhost:7007/api/traffic';

describe('TrafficClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const createClient = (options: { entityCacheMs?: number } = {}) =>
    new TrafficClient({
      discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
      fetchApi: new MockFetchApi(),
      ...options,
    });

  describe('getEntityTraffic', () => {
    it('reads one entity and shares the answer between cards for a few seconds', async () => {
      const traffic = entityTraffic([clusterTraffic('aks-prod-westeurope')]);
      let requests = 0;
      server.use(
        http.get(
          `${baseUrl}/entities/component/default/httpbin/traffic`,
          () => {
            requests += 1;
            return HttpResponse.json(traffic);
          },
        ),
      );
      const client = createClient();
      const entity = {
        kind: 'component',
        namespace: 'default',
        name: 'httpbin',
      };
      const [first, second] = await Promise.all([
        client.getEntityTraffic(entity),
        client.getEntityTraffic(entity),
      ]);
      await client.getEntityTraffic(entity);
      expect(first).toEqual(traffic);
      expect(second).toEqual(traffic);
      expect(requests).toBe(1);
    });

    it('asks again once the cache has expired or is disabled', async () => {
      let requests = 0;
      server.use(
        http.get(
          `${baseUrl}/entities/component/default/httpbin/traffic`,
          () => {
            requests += 1;
            return HttpResponse.json(entityTraffic([]));
          },
        ),
      );
      const client = createClient({ entityCacheMs: 0 });
      const entity = {
        kind: 'component',
        namespace: 'default',
        name: 'httpbin',
      };
      await client.getEntityTraffic(entity);
      await client.getEntityTraffic(entity);
      expect(requests).toBe(2);
    });

    it('encodes path segments', async () => {
      server.use(
        http.get(
          `${baseUrl}/entities/component/team%20a/my%2Fservice/traffic`,
          () => HttpResponse.json(entityTraffic([])),
        ),
      );
      await expect(
        createClient().getEntityTraffic({
          kind: 'component',
          namespace: 'team a',
          name: 'my/service',
        }),
      ).resolves.toEqual(entityTraffic([]));
    });

    it('throws a ResponseError with the backend message and does not cache failures', async () => {
      let fail = true;
      server.use(
        http.get(`${baseUrl}/entities/component/default/httpbin/traffic`, () =>
          fail
            ? HttpResponse.json(
                {
                  error: {
                    name: 'NotFoundError',
                    message: 'No entity component:default/httpbin',
                  },
                  response: { statusCode: 404 },
                },
                { status: 404 },
              )
            : HttpResponse.json(entityTraffic([])),
        ),
      );
      const client = createClient();
      const entity = {
        kind: 'component',
        namespace: 'default',
        name: 'httpbin',
      };
      const error = await client.getEntityTraffic(entity).catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(404);
      expect(error.body.error.message).toBe(
        'No entity component:default/httpbin',
      );
      fail = false;
      await expect(client.getEntityTraffic(entity)).resolves.toEqual(
        entityTraffic([]),
      );
    });
  });

  it('lists clusters', async () => {
    server.use(
      http.get(`${baseUrl}/clusters`, () =>
        HttpResponse.json({ items: clusters }),
      ),
    );
    await expect(createClient().listClusters()).resolves.toEqual(clusters);
  });

  it('lists gateways for a cluster and namespace', async () => {
    let query: URLSearchParams | undefined;
    server.use(
      http.get(`${baseUrl}/gateways`, ({ request }) => {
        query = new URL(request.url).searchParams;
        return HttpResponse.json({ items: gatewayOptions });
      }),
    );
    await expect(
      createClient().listGateways({
        cluster: 'aks-prod-westeurope',
        namespace: 'default',
      }),
    ).resolves.toEqual(gatewayOptions);
    expect(query?.get('cluster')).toBe('aks-prod-westeurope');
    expect(query?.get('namespace')).toBe('default');
  });

  it('submits a change as JSON', async () => {
    let body: unknown;
    server.use(
      http.post(`${baseUrl}/changes`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(pendingGatewayChange, { status: 202 });
      }),
    );
    const request: SubmitChangeRequest = {
      cluster: 'aks-prod-westeurope',
      journey: 'route',
      input: { name: 'httpbin' },
      dryRun: true,
    };
    await expect(createClient().submitChange(request)).resolves.toEqual(
      pendingGatewayChange,
    );
    expect(body).toEqual(request);
  });

  it('lists changes with filters, repeating multi-valued states', async () => {
    let query: URLSearchParams | undefined;
    server.use(
      http.get(`${baseUrl}/changes`, ({ request }) => {
        query = new URL(request.url).searchParams;
        return HttpResponse.json({
          items: [pendingGatewayChange],
          totalCount: 1,
        });
      }),
    );
    await createClient().listChanges({
      entityRef: 'component:default/httpbin',
      state: ['applied', 'rejected'],
      limit: 100,
    });
    expect(query?.get('entityRef')).toBe('component:default/httpbin');
    expect(query?.getAll('state')).toEqual(['applied', 'rejected']);
    expect(query?.get('limit')).toBe('100');
  });

  it('gets, approves, rejects and withdraws a change', async () => {
    const decisions: Array<{ path: string; body: unknown }> = [];
    server.use(
      http.get(`${baseUrl}/changes/chg-7f3a`, () =>
        HttpResponse.json(pendingGatewayChange),
      ),
      http.post(
        `${baseUrl}/changes/:id/:decision`,
        async ({ request, params }) => {
          decisions.push({
            path: `${params.id}/${params.decision}`,
            body: await request.json(),
          });
          return HttpResponse.json({
            ...pendingGatewayChange,
            state: {
              approve: 'applied',
              reject: 'rejected',
              withdraw: 'withdrawn',
            }[params.decision as string],
          });
        },
      ),
    );
    const client = createClient();
    await expect(client.getChange({ id: 'chg-7f3a' })).resolves.toEqual(
      pendingGatewayChange,
    );
    await expect(
      client.approveChange({ id: 'chg-7f3a', comment: 'ok' }),
    ).resolves.toMatchObject({ state: 'applied' });
    await expect(
      client.rejectChange({ id: 'chg-7f3a', comment: 'no' }),
    ).resolves.toMatchObject({ state: 'rejected' });
    await expect(
      client.withdrawChange({ id: 'chg-7f3a', comment: 'not needed' }),
    ).resolves.toMatchObject({ state: 'withdrawn' });
    await expect(
      client.withdrawChange({ id: 'chg/7f3a' }),
    ).resolves.toMatchObject({ state: 'withdrawn' });
    expect(decisions).toEqual([
      { path: 'chg-7f3a/approve', body: { comment: 'ok' } },
      { path: 'chg-7f3a/reject', body: { comment: 'no' } },
      { path: 'chg-7f3a/withdraw', body: { comment: 'not needed' } },
      { path: 'chg/7f3a/withdraw', body: {} },
    ]);
  });

  it('reports a missing approvals endpoint as a 404 ResponseError', async () => {
    server.use(
      http.get(
        `${baseUrl}/changes`,
        () => new HttpResponse('Not Found', { status: 404 }),
      ),
    );
    await expect(createClient().listChanges()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
    });
  });
  it("lists changes with their diffs and dry-run results, in the backend's shape", async () => {
    // A list item: the record without objects and input (GET /changes?details=true).
    const { objects: _objects, input: _input, ...item } = pendingGatewayChange;
    const list: ChangeList = { items: [item], totalCount: 1 };
    let query: URLSearchParams | undefined;
    server.use(
      http.get(`${baseUrl}/changes`, ({ request }) => {
        query = new URL(request.url).searchParams;
        return HttpResponse.json(list);
      }),
    );
    const items = await createClient().listChanges({
      state: 'pending-approval',
    });
    expect(query?.get('details')).toBe('true');
    expect(query?.get('state')).toBe('pending-approval');
    expect(items).toEqual(list.items);
  });
});
