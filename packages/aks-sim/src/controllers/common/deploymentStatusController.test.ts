import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import { realCluster } from '../__testUtils__/realCluster';
import { DeploymentStatusController, UNREADY_ANNOTATION } from './deploymentStatusController';

const deployment = (replicas: number, annotations?: Record<string, string>): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'httpbin', namespace: 'default', ...(annotations ? { annotations } : {}) },
  spec: { replicas, selector: { matchLabels: { app: 'httpbin' } }, template: { metadata: { labels: { app: 'httpbin' } }, spec: { containers: [{ name: 'httpbin', image: 'httpbin' }] } } },
});

describe('DeploymentStatusController', () => {
  it('reports every replica ready and available, following scale changes', () => {
    const cluster = realCluster({ controllers: [new DeploymentStatusController()] });
    cluster.apply(deployment(2));
    cluster.settle();
    const status = () => cluster.get('apps/v1', 'Deployment', 'default', 'httpbin')!.status;
    expect(status()).toMatchObject({ observedGeneration: 1, replicas: 2, readyReplicas: 2, availableReplicas: 2, updatedReplicas: 2 });
    expect(status().conditions.find((c: { type: string }) => c.type === 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
    cluster.apply(deployment(3));
    cluster.settle();
    expect(status()).toMatchObject({ observedGeneration: 2, readyReplicas: 3 });
    cluster.stop();
  });

  it(`keeps replicas unready with ${UNREADY_ANNOTATION}: "true"`, () => {
    const cluster = realCluster({ controllers: [new DeploymentStatusController()] });
    cluster.apply(deployment(2, { [UNREADY_ANNOTATION]: 'true' }));
    cluster.settle();
    const status = cluster.get('apps/v1', 'Deployment', 'default', 'httpbin')!.status;
    expect(status).toMatchObject({ readyReplicas: 0, unavailableReplicas: 2 });
    expect(status.conditions.find((c: { type: string }) => c.type === 'Available')).toMatchObject({ status: 'False' });
    cluster.stop();
  });

  it('makes the Istio-generated gateway Deployment ready', () => {
    const cluster = realCluster();
    cluster.apply({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'edge', namespace: 'default' },
      spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
    });
    cluster.settle();
    expect(cluster.get('apps/v1', 'Deployment', 'default', 'edge-istio')!.status).toMatchObject({ readyReplicas: 2 });
    cluster.stop();
  });
});
