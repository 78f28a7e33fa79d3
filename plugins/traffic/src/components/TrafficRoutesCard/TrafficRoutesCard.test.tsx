import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import {
  clusterTraffic,
  entityTraffic,
  httpbinCanaryRoute,
  httpbinRoute,
  manyRoutes,
  unreachableCluster,
  unreconciledRoute,
} from '../../__fixtures__';
import { mockTrafficApi, renderWithEntity } from '../../__testUtils__';
import { createFromTemplateRouteRef } from '../../routes';
import { TrafficRoutesCard } from './TrafficRoutesCard';

const westEurope = 'aks-prod-westeurope';
const northEurope = 'aks-prod-northeurope';

describe('TrafficRoutesCard', () => {
  it('shows progress while loading', async () => {
    const api = mockTrafficApi({
      getEntityTraffic: jest.fn(() => new Promise(() => {})),
    });
    await renderWithEntity(<TrafficRoutesCard />, { api });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('asks for the entity by kind, namespace and name', async () => {
    const api = mockTrafficApi({
      getEntityTraffic: jest.fn(async () =>
        entityTraffic([clusterTraffic(westEurope)]),
      ),
    });
    await renderWithEntity(<TrafficRoutesCard />, { api });
    expect(api.getEntityTraffic).toHaveBeenCalledWith({
      kind: 'component',
      namespace: 'default',
      name: 'httpbin',
    });
  });

  it('explains what makes routes appear when there are none, with a create link', async () => {
    const api = mockTrafficApi({
      getEntityTraffic: jest.fn(async () =>
        entityTraffic([clusterTraffic(westEurope)]),
      ),
    });
    await renderWithEntity(<TrafficRoutesCard />, {
      api,
      mountedRoutes: {
        '/create/templates/:namespace/:templateName':
          createFromTemplateRouteRef,
      },
    });
    expect(
      await screen.findByText('No routes for this entity'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/labelled backstage.io\/kubernetes-id=httpbin/),
    ).toBeInTheDocument();
    const link = screen.getByText('Create route').closest('a')!;
    const href = link.getAttribute('href')!;
    expect(href).toContain(
      '/create/templates/default/expose-http-route?formData=',
    );
    expect(
      JSON.parse(new URLSearchParams(href.split('?')[1]).get('formData')!),
    ).toEqual({
      entityRef: 'component:default/httpbin',
      namespace: 'default',
    });
  });

  it('renders healthy and failing routes with hostnames, matches, backends and parents', async () => {
    const api = mockTrafficApi({
      getEntityTraffic: jest.fn(async () =>
        entityTraffic([
          clusterTraffic(westEurope, {
            routes: [httpbinRoute, httpbinCanaryRoute, unreconciledRoute],
          }),
        ]),
      ),
    });
    await renderWithEntity(<TrafficRoutesCard />, { api });

    expect(await screen.findByText('3 routes, 1 failing')).toBeInTheDocument();
    expect(
      screen.getByText('http://httpbin.example.com/get').closest('a'),
    ).toHaveAttribute('href', 'http://httpbin.example.com/get');
    expect(screen.getByText('GET PathPrefix /')).toBeInTheDocument();
    expect(
      screen.getByText(
        /httpbin:8000 90% \(weight 90\), httpbin-v2:8000 10% \(weight 10\)/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('default/httpbin-gateway › http'),
    ).toBeInTheDocument();

    expect(screen.getByText('Accepted')).toBeInTheDocument();
    expect(screen.getByText('Not accepted')).toBeInTheDocument();
    expect(screen.getByText('Pending')).toBeInTheDocument();
    // One cluster answered: no cluster column.
    expect(
      screen.queryByRole('columnheader', { name: 'Cluster' }),
    ).not.toBeInTheDocument();
  });

  it('explains a failing parent with the sentence and the fix', async () => {
    const api = mockTrafficApi({
      getEntityTraffic: jest.fn(async () =>
        entityTraffic([
          clusterTraffic(westEurope, { routes: [httpbinCanaryRoute] }),
        ]),
      ),
    });
    await renderWithEntity(<TrafficRoutesCard />, { api });
    const row = (await screen.findByText('httpbin-canary')).closest('tr')!;
    await userEvent.click(within(row).getAllByRole('button')[0]);

    expect(
      await screen.findByText(/does not admit routes from namespace default/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Fix: Set allowedRoutes.namespaces.from: All/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Service default\/httpbin-v2 not found/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/URLRewrite: path prefix → \/v2/),
    ).toBeInTheDocument();
  });

  it('shows a request error with a retry', async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'NotFoundError', message: 'Entity not found' },
      }),
      {
        status: 404,
        statusText: 'Not Found',
        headers: { 'Content-Type': 'application/json' },
      },
    );
    const error = await ResponseError.fromResponse(response as any);
    const getEntityTraffic = jest
      .fn()
      .mockRejectedValueOnce(error)
      .mockResolvedValueOnce(
        entityTraffic([clusterTraffic(westEurope, { routes: [httpbinRoute] })]),
      );
    const api = mockTrafficApi({ getEntityTraffic });
    await renderWithEntity(<TrafficRoutesCard />, { api });

    expect(
      await screen.findByText(/Could not load routes/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/Entity not found/).length).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('httpbin')).toBeInTheDocument();
  });

  it('warns about a failed cluster and still shows the other cluster', async () => {
    const api = mockTrafficApi({
      getEntityTraffic: jest.fn(async () =>
        entityTraffic([
          clusterTraffic(westEurope, { routes: [httpbinRoute] }),
          unreachableCluster(northEurope),
        ]),
      ),
    });
    await renderWithEntity(<TrafficRoutesCard />, { api });
    expect(await screen.findByText('httpbin')).toBeInTheDocument();
    expect(
      screen.getByText(
        /Cluster aks-prod-northeurope could not be read \(unreachable\)/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/connect ETIMEDOUT 10.1.0.4:443/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('columnheader', { name: 'Cluster' }),
    ).not.toBeInTheDocument();
  });

  it('shows only the cluster warnings when every cluster failed', async () => {
    const api = mockTrafficApi({
      getEntityTraffic: jest.fn(async () =>
        entityTraffic([unreachableCluster(northEurope)]),
      ),
    });
    await renderWithEntity(<TrafficRoutesCard />, { api });
    expect(await screen.findByText(/could not be read/)).toBeInTheDocument();
    expect(
      screen.queryByText('No routes for this entity'),
    ).not.toBeInTheDocument();
  });

  it('adds a cluster column when more than one cluster answers', async () => {
    const api = mockTrafficApi({
      getEntityTraffic: jest.fn(async () =>
        entityTraffic([
          clusterTraffic(westEurope, { routes: [httpbinRoute] }),
          clusterTraffic(northEurope, { routes: [httpbinRoute] }),
        ]),
      ),
    });
    await renderWithEntity(<TrafficRoutesCard />, { api });
    expect(
      await screen.findByRole('columnheader', { name: 'Cluster' }),
    ).toBeInTheDocument();
    expect(screen.getByText(westEurope)).toBeInTheDocument();
    expect(screen.getByText(northEurope)).toBeInTheDocument();
  });

  it('pages 1,000 routes and renders only one page of rows', async () => {
    const api = mockTrafficApi({
      getEntityTraffic: jest.fn(async () =>
        entityTraffic([
          clusterTraffic(westEurope, { routes: manyRoutes(1000) }),
        ]),
      ),
    });
    const started = performance.now();
    await renderWithEntity(<TrafficRoutesCard />, { api });
    expect(await screen.findByText('1000 routes')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByText('route-0000')).toBeInTheDocument(),
    );
    expect(screen.queryByText('route-0010')).not.toBeInTheDocument();
    expect(screen.getAllByText(/^http:\/\/r\d+\.example\.com/)).toHaveLength(
      10,
    );
    // Generous bound: catches per-row heavy work, not machine speed.
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
