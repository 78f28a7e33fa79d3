import { screen, within } from '@testing-library/react';
import {
  clusterTraffic,
  entityTraffic,
  expiredCertificate,
  expiringCertificate,
  healthyCertificate,
  notSyncedCertificate,
  unreachableCluster,
} from '../../__fixtures__';
import { mockTrafficApi, renderWithEntity } from '../../__testUtils__';
import { TrafficCertificatesCard } from './TrafficCertificatesCard';

const westEurope = 'aks-prod-westeurope';
const northEurope = 'aks-prod-northeurope';

function rowOf(text: string | RegExp): HTMLElement {
  return screen.getAllByText(text)[0].closest('tr')!;
}

describe('TrafficCertificatesCard', () => {
  it('shows progress while loading', async () => {
    const api = mockTrafficApi({
      getEntityTraffic: jest.fn(() => new Promise(() => {})),
    });
    await renderWithEntity(<TrafficCertificatesCard />, { api });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('explains how certificates appear when there are none', async () => {
    const api = mockTrafficApi({
      getEntityTraffic: jest.fn(async () =>
        entityTraffic([clusterTraffic(westEurope)]),
      ),
    });
    await renderWithEntity(<TrafficCertificatesCard />, { api });
    expect(
      await screen.findByText('No TLS certificates for this entity'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/HTTPS listener whose certificateRefs name a Secret/),
    ).toBeInTheDocument();
  });

  it('flags a certificate expiring in 10 days and one expired 35 days ago', async () => {
    const api = mockTrafficApi({
      getEntityTraffic: jest.fn(async () =>
        entityTraffic([
          clusterTraffic(westEurope, {
            certificates: [
              healthyCertificate,
              expiringCertificate,
              expiredCertificate,
            ],
          }),
        ]),
      ),
    });
    await renderWithEntity(<TrafficCertificatesCard />, { api });
    expect(
      await screen.findByText('3 certificates, 2 need attention'),
    ).toBeInTheDocument();

    const expiring = rowOf('expires in 10 days');
    expect(
      within(screen.getByText('expires in 10 days').parentElement!).getByTestId(
        'status-warning',
      ),
    ).toBeInTheDocument();
    expect(
      within(expiring).getByText(/Fix: Upload a renewed certificate/),
    ).toBeInTheDocument();
    expect(
      within(expiring).getByText('legacy.example.org: not covered'),
    ).toBeInTheDocument();
    expect(
      within(expiring).getByText('admin.example.com: covered'),
    ).toBeInTheDocument();

    const expired = rowOf('expired 35 days ago');
    expect(
      within(
        screen.getByText('expired 35 days ago').parentElement!,
      ).getByTestId('status-error'),
    ).toBeInTheDocument();
    expect(within(expired).getByText(/subject CN only/)).toBeInTheDocument();
    expect(
      within(expired).getByText(/Chain: Self-signed certificate/),
    ).toBeInTheDocument();
    expect(
      within(expired).getByText('cert-manager Certificate legacy-cert'),
    ).toBeInTheDocument();

    const healthy = rowOf('expires in 190 days');
    expect(
      within(
        screen.getByText('expires in 190 days').parentElement!,
      ).getByTestId('status-ok'),
    ).toBeInTheDocument();
    expect(
      within(healthy).getByText(
        'Issuer example.com · subject httpbin.example.com',
      ),
    ).toBeInTheDocument();
    expect(
      within(healthy).getByText(
        'Key Vault kv-aks-traffic (test-httpbin-crt) via SecretProviderClass httpbin-credential-spc',
      ),
    ).toBeInTheDocument();
  });

  it('explains a Key Vault certificate that is not synced yet', async () => {
    const api = mockTrafficApi({
      getEntityTraffic: jest.fn(async () =>
        entityTraffic([
          clusterTraffic(westEurope, { certificates: [notSyncedCertificate] }),
        ]),
      ),
    });
    await renderWithEntity(<TrafficCertificatesCard />, { api });
    expect(
      await screen.findByText('Not synced from Key Vault yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /syncs only while a pod mounts SecretProviderClass aks-rocks-credential-spc/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Fix: Deploy \(or restart\) the sync workload/),
    ).toBeInTheDocument();
  });

  it('explains "not synced" itself when the model gives no problem sentence', async () => {
    const {
      problem: _problem,
      fix: _fix,
      ...withoutProblem
    } = notSyncedCertificate;
    const api = mockTrafficApi({
      getEntityTraffic: jest.fn(async () =>
        entityTraffic([
          clusterTraffic(westEurope, { certificates: [withoutProblem] }),
        ]),
      ),
    });
    await renderWithEntity(<TrafficCertificatesCard />, { api });
    expect(
      await screen.findByText(
        /creates the Secret only while a pod mounts SecretProviderClass aks-rocks-credential-spc/,
      ),
    ).toBeInTheDocument();
  });

  it('shows a request error', async () => {
    const api = mockTrafficApi({
      getEntityTraffic: jest.fn(async () => {
        throw new Error('Service Unavailable');
      }),
    });
    await renderWithEntity(<TrafficCertificatesCard />, { api });
    expect(
      await screen.findByText(/Could not load tls certificates/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/Service Unavailable/).length).toBeGreaterThan(
      0,
    );
  });

  it('warns about a failed cluster, shows the other, and adds a cluster column with two answering clusters', async () => {
    const api = mockTrafficApi({
      getEntityTraffic: jest.fn(async () =>
        entityTraffic([
          clusterTraffic(westEurope, { certificates: [healthyCertificate] }),
          clusterTraffic('aks-dr-swedencentral', {
            certificates: [expiringCertificate],
          }),
          unreachableCluster(northEurope),
        ]),
      ),
    });
    await renderWithEntity(<TrafficCertificatesCard />, { api });
    expect(await screen.findByText('expires in 190 days')).toBeInTheDocument();
    expect(
      screen.getByText(/Cluster aks-prod-northeurope could not be read/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('columnheader', { name: 'Cluster' }),
    ).toBeInTheDocument();
    expect(screen.getByText('aks-dr-swedencentral')).toBeInTheDocument();
  });

  it('has no cluster column with a single answering cluster', async () => {
    const api = mockTrafficApi({
      getEntityTraffic: jest.fn(async () =>
        entityTraffic([
          clusterTraffic(westEurope, { certificates: [healthyCertificate] }),
          unreachableCluster(northEurope),
        ]),
      ),
    });
    await renderWithEntity(<TrafficCertificatesCard />, { api });
    expect(await screen.findByText('expires in 190 days')).toBeInTheDocument();
    expect(
      screen.queryByRole('columnheader', { name: 'Cluster' }),
    ).not.toBeInTheDocument();
  });
});
