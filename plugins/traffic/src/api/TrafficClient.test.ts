import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { mockApis, registerMswTestHooks } from '@backstage/test-utils';
import { TrafficClient } from './TrafficClient';

const baseUrl = 'http://localhost:7007/api/traffic';

describe('TrafficClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('fetches an entity', async () => {
    server.use(
      http.get(`${baseUrl}/entities/component/default/httpbin/traffic`, () =>
        HttpResponse.json({ entityRef: 'component:default/httpbin', generatedAt: 'x', clusters: [] }),
      ),
    );
    const client = new TrafficClient({
      discoveryApi: mockApis.discovery(),
      fetchApi: { fetch: (...args) => fetch(...args) },
    });
    const traffic = await client.getEntityTraffic({ kind: 'component', namespace: 'default', name: 'httpbin' });
    expect(traffic.entityRef).toBe('component:default/httpbin');
  });
});
