import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import type { TokenCredential } from '@azure/identity';
import { startAksSim } from '@aks-traffic/aks-sim';
import { createClusterRegistry } from './ClusterRegistry';
import { readClusterSpecs } from './ClusterRegistryConfig';
import { TrafficCache } from './cache';
import { FAST_TIMINGS, eventually } from './cache/__testUtils__/simHarness';

const logger = mockServices.logger.mock();

describe('readClusterSpecs', () => {
  it('reads the Kubernetes plugin clusters when traffic.clusters is absent', () => {
    const specs = readClusterSpecs(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'catalog' },
            {
              type: 'config',
              clusters: [
                { name: 'a', url: 'https://a.example/', authProvider: 'serviceAccount', serviceAccountToken: 't', caData: 'Q0E=' },
                { name: 'b', url: 'https://b.example', authProvider: 'azure', skipTLSVerify: true },
                { name: 'c', url: 'https://c.example', authProvider: 'aks' },
                { name: 'd', url: 'https://d.example', authMetadata: { 'kubernetes.io/auth-provider': 'serviceAccount', serviceAccountToken: 'm' } },
              ],
            },
          ],
        },
      }),
    );
    expect(specs.map(s => [s.name, s.authProvider, s.url, !!s.configError])).toEqual([
      ['a', 'serviceAccount', 'https://a.example', false],
      ['b', 'azure', 'https://b.example', false],
      ['c', 'serviceAccount', 'https://c.example', true],
      ['d', 'serviceAccount', 'https://d.example', false],
    ]);
    expect(specs[0]).toMatchObject({ serviceAccountToken: 't', caData: 'Q0E=', skipTLSVerify: false });
    expect(specs[1].skipTLSVerify).toBe(true);
    expect(specs[2].configError).toContain("'aks' is not supported");
    expect(specs[3].serviceAccountToken).toBe('m');
  });

  it('prefers traffic.clusters, and rejects a duplicate name', () => {
    const config = (clusters: any[]) =>
      new ConfigReader({
        traffic: { clusters },
        kubernetes: { clusterLocatorMethods: [{ type: 'config', clusters: [{ name: 'k', url: 'https://k' }] }] },
      });
    expect(readClusterSpecs(config([{ name: 'own', url: 'https://own', authProvider: 'localKubectlProxy' }])).map(s => s.name)).toEqual(['own']);
    expect(readClusterSpecs(config([{ name: 'p', authProvider: 'localKubectlProxy' }]))[0].url).toBe('http://localhost:8001');
    expect(() => readClusterSpecs(config([{ name: 'x', url: 'https://x', authProvider: 'serviceAccount' }, { name: 'x', url: 'https://y', authProvider: 'serviceAccount' }]))).toThrow('configured twice');
  });
});

describe('DefaultClusterRegistry', () => {
  it('builds a KubeConfig with the CA, TLS setting and the current token', async () => {
    const registry = createClusterRegistry({
      config: new ConfigReader({
        traffic: { clusters: [{ name: 'a', url: 'https://a.example', authProvider: 'serviceAccount', serviceAccountToken: 'tok', caData: 'Q0E=' }] },
      }),
      logger,
    });
    const kc = await registry.get('a').kubeConfig();
    expect(kc.getCurrentCluster()).toMatchObject({ server: 'https://a.example', caData: 'Q0E=', skipTLSVerify: false });
    expect(kc.getCurrentUser()?.token).toBe('tok');
    expect(() => registry.get('b')).toThrow("Unknown cluster 'b'; configured clusters: a");
  });

  it('reports an Azure credential failure per cluster, next to a healthy cluster', async () => {
    const sim = await startAksSim({ clusters: 1 });
    const failing: TokenCredential = {
      getToken: async () => {
        throw new Error('ManagedIdentityCredential: no managed identity endpoint found');
      },
    };
    const config = new ConfigReader({
      traffic: {
        clusters: [
          { name: 'ok', url: sim.clusters[0].url, authProvider: 'serviceAccount', serviceAccountToken: sim.clusters[0].token },
          { name: 'aad', url: sim.clusters[0].url, authProvider: 'azure' },
        ],
      },
    });
    const registry = createClusterRegistry({ config, logger, azureCredential: failing });
    const cache = TrafficCache.create({ registry, logger, config, timings: FAST_TIMINGS });
    try {
      const summaries = await eventually(async () => {
        const all = await cache.summaries();
        return all.every(s => s.reachable || s.error) ? all : undefined;
      });
      expect(summaries![0]).toMatchObject({ name: 'ok', reachable: true });
      expect(summaries![1]).toMatchObject({ name: 'aad', reachable: false });
      expect(summaries![1].error).toContain('no managed identity endpoint found');
      expect((await registry.summaries())[1].reachable).toBe(false);
    } finally {
      cache.stop();
      await sim.stop();
    }
  });
});
