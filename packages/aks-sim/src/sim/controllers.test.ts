import { PatchStrategy } from '@kubernetes/client-node';
import { startAksSim, type AksSim } from './startAksSim';
import { clientsFor, eventually, statusOf } from './__testUtils__/clients';

describe('startAksSim wires the controllers to the API server', () => {
  let sim: AksSim;
  let clients: ReturnType<typeof clientsFor>;

  beforeAll(async () => {
    sim = await startAksSim({ clusters: [{ name: 'wired', kubernetesVersion: '1.36' }] });
    clients = clientsFor(sim.cluster('wired'));
  });
  afterAll(() => sim.stop());

  it('picks Gateway API v1.5.1 from Kubernetes 1.36', async () => {
    expect(sim.cluster('wired').info.gatewayApiVersion).toBe('v1.5.1');
    const crd: any = await clients.objects.read({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'tlsroutes.gateway.networking.k8s.io' } });
    expect(crd.metadata.annotations['gateway.networking.k8s.io/bundle-version']).toBe('v1.5.1');
  });

  it('runs the Istio add-on control plane of each installed revision, as AKS does', async () => {
    const istiod = await clients.apps.listNamespacedDeployment({ namespace: 'aks-istio-system', labelSelector: 'istio=pilot' });
    expect(istiod.items.map(d => d.metadata?.name)).toEqual(['istiod-asm-1-26']);
    const mesh = await clients.core.readNamespacedConfigMap({ namespace: 'aks-istio-system', name: 'istio-asm-1-26' });
    expect(mesh.data?.mesh).toContain('istiod-asm-1-26');
  });

  it('reconciles an applied Gateway asynchronously and collects its deployment when it goes', async () => {
    const gateway = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'edge', namespace: 'default' },
      spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
    };
    await clients.objects.patch(gateway as any, undefined, undefined, 'test', true, PatchStrategy.ServerSideApply);
    const programmed: any = await eventually(async () => {
      const current: any = await clients.objects.read(gateway as any);
      const condition = current.status?.conditions?.find((c: any) => c.type === 'Programmed');
      return condition?.observedGeneration === 1 ? current : undefined;
    });
    expect(programmed.status.conditions.find((c: any) => c.type === 'Accepted').status).toBe('True');
    const deployment = await eventually(() => clients.apps.readNamespacedDeployment({ namespace: 'default', name: 'edge-istio' }));
    expect(deployment.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Gateway', name: 'edge' });

    await clients.objects.delete(gateway as any);
    await eventually(async () => (await statusOf(clients.apps.readNamespacedDeployment({ namespace: 'default', name: 'edge-istio' }))).code === 404);
  });
});
