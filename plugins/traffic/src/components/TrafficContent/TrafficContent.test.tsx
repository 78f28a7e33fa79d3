import { screen } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import {
  clusterTraffic,
  entityTraffic,
  healthyCertificate,
  httpbinGateway,
  httpbinRoute,
  managedIngressGateway,
  pendingEgressChange,
  pendingGatewayChange,
  registryOnlyEgress,
} from '../../__fixtures__';
import { mockTrafficApi, renderWithEntity } from '../../__testUtils__';
import { approvalsRouteRef, createFromTemplateRouteRef } from '../../routes';
import { TrafficContent } from './TrafficContent';

const mountedRoutes = {
  '/create/templates/:namespace/:templateName': createFromTemplateRouteRef,
  '/traffic-approvals': approvalsRouteRef,
};

const traffic = entityTraffic([
  clusterTraffic('aks-prod-westeurope', {
    gateways: [httpbinGateway, managedIngressGateway],
    routes: [httpbinRoute],
    certificates: [healthyCertificate],
    egress: registryOnlyEgress,
  }),
]);

async function notFound() {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'NotFoundError', message: 'Not found' },
      }),
      {
        status: 404,
        headers: { 'Content-Type': 'application/json' },
      },
    ) as any,
  );
}

describe('TrafficContent', () => {
  it('renders the cards, gateway details and a create-route button', async () => {
    const api = mockTrafficApi({
      getEntityTraffic: jest.fn(async () => traffic),
      listChanges: jest.fn(async () => []),
    });
    await renderWithEntity(<TrafficContent />, { api, mountedRoutes });

    expect(
      await screen.findByText('Gateway default/httpbin-gateway'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Automated deployment/)).toBeInTheDocument();
    expect(
      screen.getByText(/asm-1-26 \(from namespace label\)/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Addresses: 20.61.14.3 (IPAddress)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Deployment httpbin-gateway-istio: 2 of 2 replicas ready',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/HorizontalPodAutoscaler httpbin-gateway-istio/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/PodDisruptionBudget httpbin-gateway-istio/),
    ).toBeInTheDocument();
    // Failing listener of the managed ingress, with its fix.
    expect(
      screen.getAllByText(/Secret aks-rocks-credential not found/).length,
    ).toBeGreaterThan(0);
    expect(screen.getByText(/Manual deployment/)).toBeInTheDocument();

    expect(screen.getByText('Routes')).toBeInTheDocument();
    expect(screen.getByText('TLS certificates')).toBeInTheDocument();
    expect(screen.getByText('Egress')).toBeInTheDocument();
    expect(screen.getByText('Create route').closest('a')).toHaveAttribute(
      'href',
      expect.stringContaining(
        '/create/templates/default/expose-http-route?formData=',
      ),
    );
    expect(api.listChanges).toHaveBeenCalledWith({
      entityRef: 'component:default/httpbin',
      state: 'pending-approval',
    });
  });

  it('announces changes waiting for approval with a link to the approvals page', async () => {
    const api = mockTrafficApi({
      getEntityTraffic: jest.fn(async () => traffic),
      listChanges: jest.fn(async () => [
        pendingGatewayChange,
        pendingEgressChange,
      ]),
    });
    await renderWithEntity(<TrafficContent />, { api, mountedRoutes });
    expect(
      await screen.findByText(/2 changes to this entity's traffic are waiting/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /New Gateway with a public load balancer \(aks-prod-westeurope\)/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Open approvals').closest('a')).toHaveAttribute(
      'href',
      '/traffic-approvals',
    );
  });

  it('tolerates a backend without the changes endpoint (404)', async () => {
    const error = await notFound();
    const api = mockTrafficApi({
      getEntityTraffic: jest.fn(async () => traffic),
      listChanges: jest.fn(async () => {
        throw error;
      }),
    });
    await renderWithEntity(<TrafficContent />, { api, mountedRoutes });
    expect(
      await screen.findByText('Gateway default/httpbin-gateway'),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/waiting for platform-team approval/),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByText(/Could not check for changes/),
    ).not.toBeInTheDocument();
  });

  it('works without the template route bound: no create button', async () => {
    const api = mockTrafficApi({
      getEntityTraffic: jest.fn(async () => traffic),
      listChanges: jest.fn(async () => []),
    });
    await renderWithEntity(<TrafficContent />, { api });
    expect(
      await screen.findByText('Gateway default/httpbin-gateway'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Create route')).not.toBeInTheDocument();
  });
});
