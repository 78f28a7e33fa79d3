import { FakeStore } from '../__testUtils__/fakeStore';
import { realCluster } from '../__testUtils__/realCluster';
import { egressGatewayNameProblem, enableIstioEgressGateway, MAX_EGRESS_GATEWAYS_PER_CLUSTER } from './istioEgressGateway';

describe('enableIstioEgressGateway (az aks mesh enable-egress-gateway)', () => {
  it('creates the ClusterIP Service N and a Deployment N-<revision> per installed revision', () => {
    const cluster = realCluster();
    enableIstioEgressGateway(cluster.store, { name: 'asm-egress-test', gatewayConfigurationName: 'egress-sgc', revisions: ['asm-1-26', 'asm-1-27'] });
    const service = cluster.get('v1', 'Service', 'aks-istio-egress', 'asm-egress-test')!;
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports.map((p: { port: number }) => p.port)).toEqual([15021, 80, 443]);
    for (const revision of ['asm-1-26', 'asm-1-27']) {
      const deployment = cluster.get('apps/v1', 'Deployment', 'aks-istio-egress', `asm-egress-test-${revision}`)!;
      expect(deployment.spec.template.metadata.annotations['kubernetes.azure.com/static-gateway-configuration']).toBe('egress-sgc');
      // The `istio` label is what the Istio Gateway selector of the egress seed uses.
      expect(deployment.metadata.labels).toMatchObject({ istio: 'asm-egress-test', 'istio.io/rev': revision });
    }
    cluster.stop();
  });

  it('defaults to the aks-istio-egress namespace and can be enabled again (idempotent)', () => {
    const cluster = realCluster();
    const options = { name: 'egress', gatewayConfigurationName: 'sgc', revisions: ['asm-1-27'] };
    enableIstioEgressGateway(cluster.store, options);
    expect(() => enableIstioEgressGateway(cluster.store, options)).not.toThrow();
    expect(cluster.list('apps/v1', 'Deployment', 'aks-istio-egress').map(d => d.metadata.name)).toEqual(['egress-asm-1-27']);
    cluster.stop();
  });

  it.each([
    ['', 'must be between 1-53 characters'],
    ['a'.repeat(54), 'must be between 1-53 characters'],
    ['Egress', 'must consist of lower case alphanumeric characters'],
    ['-egress', 'must consist of lower case alphanumeric characters'],
    ['egress-', 'must consist of lower case alphanumeric characters'],
    ['egress_gw', 'must consist of lower case alphanumeric characters'],
  ])('refuses the name %j', (name, problem) => {
    expect(egressGatewayNameProblem(name)).toContain(problem);
    expect(() => enableIstioEgressGateway(new FakeStore(), { name, gatewayConfigurationName: 'sgc', revisions: ['asm-1-27'] })).toThrow(problem);
  });

  it.each(['a', 'asm-egress-test', 'egress.team-a', 'a'.repeat(53)])('accepts the name %j', name => {
    expect(egressGatewayNameProblem(name)).toBeUndefined();
  });

  it(`allows at most ${MAX_EGRESS_GATEWAYS_PER_CLUSTER} egress gateways per cluster`, () => {
    // The fake store: 500 validated Deployments through the real store would only slow this down.
    const store = new FakeStore();
    for (let i = 0; i < MAX_EGRESS_GATEWAYS_PER_CLUSTER; i++) {
      enableIstioEgressGateway(store, { name: `egress-${i}`, namespace: `team-${i % 7}`, gatewayConfigurationName: 'sgc', revisions: ['asm-1-27'] });
    }
    expect(() => enableIstioEgressGateway(store, { name: 'one-too-many', gatewayConfigurationName: 'sgc', revisions: ['asm-1-27'] })).toThrow(
      'a cluster can have at most 500 Istio add-on egress gateways',
    );
    // Re-enabling an existing one is not a new gateway.
    expect(() => enableIstioEgressGateway(store, { name: 'egress-3', namespace: 'team-3', gatewayConfigurationName: 'sgc', revisions: ['asm-1-27'] })).not.toThrow();
  });
});
