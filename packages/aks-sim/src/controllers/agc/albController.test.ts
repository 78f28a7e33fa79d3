import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import { condition, realCluster, type RealCluster } from '../__testUtils__/realCluster';
import { ALB_CONTROLLER_NAME } from './albController';

const GW = 'gateway.networking.k8s.io/v1';

const albClass: KubeObject = { apiVersion: GW, kind: 'GatewayClass', metadata: { name: 'azure-alb-external' }, spec: { controllerName: ALB_CONTROLLER_NAME } };

const gateway = (annotations: Record<string, string> | undefined, name = 'gateway-01'): KubeObject => ({
  apiVersion: GW,
  kind: 'Gateway',
  metadata: { name, namespace: 'default', ...(annotations ? { annotations } : {}) },
  spec: { gatewayClassName: 'azure-alb-external', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }] },
});

const route = (backend: string): KubeObject => ({
  apiVersion: GW,
  kind: 'HTTPRoute',
  metadata: { name: 'traffic-split-mesh-route', namespace: 'default' },
  spec: { parentRefs: [{ name: 'gateway-01', namespace: 'default' }], rules: [{ backendRefs: [{ name: backend, port: 8080 }] }] },
});

const backend: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'backend-v1', namespace: 'default' }, spec: { ports: [{ port: 8080 }] } };

describe('AlbController (Application Gateway for Containers)', () => {
  let cluster: RealCluster;
  beforeEach(() => {
    cluster = realCluster();
    cluster.apply(albClass);
  });
  afterEach(() => cluster.stop());

  const gatewayStatus = (name = 'gateway-01') => cluster.get(GW, 'Gateway', 'default', name)!.status;

  it('accepts the azure-alb-external GatewayClass', () => {
    cluster.settle();
    expect(condition(cluster.get(GW, 'GatewayClass', undefined, 'azure-alb-external')!.status.conditions, 'Accepted')).toMatchObject({ status: 'True', message: 'Valid GatewayClass' });
  });

  it('with alb-name + alb-namespace: Accepted, Programmed, a *.alb.azure.com Hostname address and programmed listeners', () => {
    cluster.apply(gateway({ 'alb.networking.azure.io/alb-namespace': 'alb-test-infra', 'alb.networking.azure.io/alb-name': 'alb-test' }));
    cluster.settle();
    const status = gatewayStatus();
    expect(status.addresses).toEqual([{ type: 'Hostname', value: expect.stringMatching(/^[0-9a-f]{16}\.fz[0-9a-f]{2}\.alb\.azure\.com$/) }]);
    expect(condition(status.conditions, 'Accepted')).toMatchObject({ status: 'True', reason: 'Accepted', message: 'Valid Gateway' });
    expect(condition(status.conditions, 'Programmed')).toMatchObject({ status: 'True', message: 'Application Gateway For Containers resource has been successfully updated.' });
    // The CRD's placeholder "Waiting for controller" conditions are gone.
    expect(status.conditions.some((c: { reason: string }) => c.reason === 'Pending')).toBe(false);
    expect(status.listeners).toEqual([
      expect.objectContaining({ name: 'http', supportedKinds: [{ group: GW.split('/')[0], kind: 'HTTPRoute' }] }),
    ]);
    expect(condition(status.listeners[0].conditions, 'Programmed')).toMatchObject({ status: 'True' });
  });

  it('with alb-id alone: associated too', () => {
    cluster.apply(gateway({ 'alb.networking.azure.io/alb-id': '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ServiceNetworking/trafficControllers/alb' }));
    cluster.settle();
    expect(condition(gatewayStatus().conditions, 'Accepted')).toMatchObject({ status: 'True' });
    expect(gatewayStatus().addresses[0].value).toMatch(/\.alb\.azure\.com$/);
  });

  it.each([
    ['no annotations', undefined],
    ['alb-name without alb-namespace', { 'alb.networking.azure.io/alb-name': 'alb-test' }],
  ])('%s: Accepted=False Invalid, no address', (_label, annotations) => {
    cluster.apply(gateway(annotations));
    cluster.settle();
    const status = gatewayStatus();
    expect(condition(status.conditions, 'Accepted')).toMatchObject({ status: 'False', reason: 'Invalid' });
    expect(condition(status.conditions, 'Accepted').message).toContain('alb.networking.azure.io/alb-name');
    expect(condition(status.conditions, 'Programmed')).toMatchObject({ status: 'False', reason: 'Invalid' });
    expect(status.addresses).toEqual([]);
    expect(condition(status.listeners[0].conditions, 'Accepted')).toMatchObject({ status: 'False' });
  });

  it('adding the annotations later associates the Gateway', () => {
    cluster.apply(gateway(undefined));
    cluster.settle();
    cluster.apply(gateway({ 'alb.networking.azure.io/alb-namespace': 'alb-test-infra', 'alb.networking.azure.io/alb-name': 'alb-test' }));
    cluster.settle();
    expect(condition(gatewayStatus().conditions, 'Accepted')).toMatchObject({ status: 'True', observedGeneration: 1 });
    expect(gatewayStatus().addresses).toHaveLength(1);
  });

  it('writes route parents under the ALB controller name; BackendNotFound until the Service exists', () => {
    cluster.apply(gateway({ 'alb.networking.azure.io/alb-namespace': 'alb-test-infra', 'alb.networking.azure.io/alb-name': 'alb-test' }));
    cluster.apply(route('backend-v1'));
    cluster.settle();
    const parents = () => cluster.get(GW, 'HTTPRoute', 'default', 'traffic-split-mesh-route')!.status.parents;
    expect(parents()).toHaveLength(1);
    expect(parents()[0]).toMatchObject({ controllerName: ALB_CONTROLLER_NAME, parentRef: { name: 'gateway-01', namespace: 'default' } });
    expect(condition(parents()[0].conditions, 'ResolvedRefs')).toMatchObject({ status: 'False', reason: 'BackendNotFound' });
    expect(condition(parents()[0].conditions, 'Accepted')).toMatchObject({ status: 'True', message: 'Route is Accepted' });

    cluster.apply(backend);
    cluster.settle();
    expect(condition(parents()[0].conditions, 'ResolvedRefs')).toMatchObject({ status: 'True' });
    cluster.remove('v1', 'Service', 'default', 'backend-v1');
    cluster.settle();
    expect(condition(parents()[0].conditions, 'ResolvedRefs')).toMatchObject({ status: 'False', reason: 'BackendNotFound' });
  });

  it('leaves Istio Gateways alone (and Istio leaves ALB Gateways alone)', () => {
    cluster.apply({ ...gateway(undefined, 'istio-gw'), spec: { ...gateway(undefined).spec, gatewayClassName: 'istio' } });
    cluster.apply(gateway({ 'alb.networking.azure.io/alb-id': 'alb' }));
    cluster.settle();
    expect(gatewayStatus('istio-gw').addresses?.[0]?.value ?? '').not.toMatch(/alb\.azure\.com/);
    expect(condition(gatewayStatus('istio-gw').conditions, 'Accepted').message).toBe('Resource accepted');
    expect(gatewayStatus().listeners[0].conditions.every((c: { message: string }) => c.message !== 'No errors found')).toBe(true);
  });
});
