import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  allowAnyEgress,
  clusterTraffic,
  entityTraffic,
  pendingPrefixEgress,
  registryOnlyEgress,
  unreachableCluster,
} from '../../__fixtures__';
import { mockTrafficApi, renderWithEntity } from '../../__testUtils__';
import { TrafficEgressCard } from './TrafficEgressCard';

const westEurope = 'aks-prod-westeurope';
const northEurope = 'aks-prod-northeurope';

function apiWith(...clusters: ReturnType<typeof clusterTraffic>[]) {
  return mockTrafficApi({
    getEntityTraffic: jest.fn(async () => entityTraffic(clusters)),
  });
}

describe('TrafficEgressCard', () => {
  afterEach(() => {
    delete (document as { execCommand?: unknown }).execCommand;
  });

  it('shows progress while loading', async () => {
    const api = mockTrafficApi({
      getEntityTraffic: jest.fn(() => new Promise(() => {})),
    });
    await renderWithEntity(<TrafficEgressCard />, { api });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('lists egress IPs, their gateway and the allowed hosts', async () => {
    await renderWithEntity(<TrafficEgressCard />, {
      api: apiWith(clusterTraffic(westEurope, { egress: registryOnlyEgress })),
    });
    expect(await screen.findByText('20.1.2.0/30')).toBeInTheDocument();
    expect(screen.getByText('10.224.0.10, 10.224.0.11')).toBeInTheDocument();
    expect(
      screen.getByText(/StaticGatewayConfiguration egress-sgc/),
    ).toBeInTheDocument();
    expect(screen.getByText('edition.cnn.com')).toBeInTheDocument();
    expect(screen.getByText('HTTP via egress gateway')).toBeInTheDocument();
    expect(screen.getByText('TLS passthrough (SNI)')).toBeInTheDocument();
    expect(screen.getByText('443/TLS')).toBeInTheDocument();
    expect(
      screen.getByText(/Outbound policy REGISTRY_ONLY \(mesh\)/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/ALLOW_ANY/)).not.toBeInTheDocument();
  });

  it('copies the egress IPs for a firewall rule', async () => {
    // CopyTextButton copies through copy-to-clipboard, which selects a temporary element and runs execCommand('copy').
    let copied: string | undefined;
    const execCommand = jest.fn((command: string) => {
      copied =
        command === 'copy'
          ? document.getSelection()?.toString() || lastSpanText()
          : undefined;
      return true;
    });
    Object.defineProperty(document, 'execCommand', {
      value: execCommand,
      configurable: true,
    });

    await renderWithEntity(<TrafficEgressCard />, {
      api: apiWith(clusterTraffic(westEurope, { egress: registryOnlyEgress })),
    });
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Copy egress IPs of asm-egress-private',
      }),
    );
    expect(execCommand).toHaveBeenCalledWith('copy');
    expect(copied).toBe('10.224.0.10\n10.224.0.11');
  });

  it('warns when the outbound policy is ALLOW_ANY', async () => {
    await renderWithEntity(<TrafficEgressCard />, {
      api: apiWith(clusterTraffic(westEurope, { egress: allowAnyEgress })),
    });
    expect(
      await screen.findByText('Outbound traffic is not restricted (ALLOW_ANY)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/bypassing the egress gateway/),
    ).toBeInTheDocument();
    // Nothing else configured: the empty state still explains what would appear.
    expect(
      screen.getByText('No egress configured for this entity'),
    ).toBeInTheDocument();
  });

  it('says when a gateway has no IPs yet', async () => {
    await renderWithEntity(<TrafficEgressCard />, {
      api: apiWith(clusterTraffic(westEurope, { egress: pendingPrefixEgress })),
    });
    expect(
      await screen.findByText('Egress IPs not assigned yet'),
    ).toBeInTheDocument();
    expect(screen.getByText(/has no egressIpPrefix yet/)).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Copy egress IPs/ }),
    ).not.toBeInTheDocument();
  });

  it('shows a request error', async () => {
    const api = mockTrafficApi({
      getEntityTraffic: jest.fn(async () => {
        throw new Error('Bad Gateway');
      }),
    });
    await renderWithEntity(<TrafficEgressCard />, { api });
    expect(
      await screen.findByText(/Could not load egress/),
    ).toBeInTheDocument();
  });

  it('warns about a failed cluster while showing the other', async () => {
    await renderWithEntity(<TrafficEgressCard />, {
      api: apiWith(
        clusterTraffic(westEurope, { egress: registryOnlyEgress }),
        unreachableCluster(northEurope),
      ),
    });
    expect(await screen.findByText('20.1.2.0/30')).toBeInTheDocument();
    expect(
      screen.getByText(/Cluster aks-prod-northeurope could not be read/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('columnheader', { name: 'Cluster' }),
    ).not.toBeInTheDocument();
  });

  it('names the cluster when more than one answers', async () => {
    await renderWithEntity(<TrafficEgressCard />, {
      api: apiWith(
        clusterTraffic(westEurope, { egress: registryOnlyEgress }),
        clusterTraffic(northEurope, { egress: allowAnyEgress }),
      ),
    });
    expect(
      await screen.findByText(
        `Outbound traffic is not restricted (ALLOW_ANY) on ${northEurope}`,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('columnheader', { name: 'Cluster' }),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/on aks-prod-westeurope/).length,
    ).toBeGreaterThan(0);
  });
});

function lastSpanText(): string | undefined {
  const spans = document.body.querySelectorAll(':scope > span');
  return spans[spans.length - 1]?.textContent ?? undefined;
}
