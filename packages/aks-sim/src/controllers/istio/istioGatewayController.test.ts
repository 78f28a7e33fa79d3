import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import { realCluster } from '../__testUtils__/realCluster';
import { createControllers } from '..';
import { mintCertificate } from '../../keyvault/mintCertificate';

const gwApi = 'gateway.networking.k8s.io/v1';

/** The real store (validation, defaults, GC) with every controller, stepped by settle(). */
function setup(revisions = ['asm-1-27']) {
  const cluster = realCluster({ istioRevisions: revisions });
  const { store, settle } = cluster;
  const get = (apiVersion: string, kind: string, ns: string | undefined, name: string) => cluster.get(apiVersion, kind, ns, name)!;
  // pets is not one of the cluster's initial namespaces.
  store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'pets' } });
  return { store, settle, get };
}

const cond = (conditions: any[] | undefined, type: string) => conditions?.find(c => c.type === type);

const gateway = (extra: Partial<KubeObject['spec']> = {}, meta: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: gwApi,
  kind: 'Gateway',
  metadata: { name: 'httpbin-gateway', namespace: 'default', ...meta },
  spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } }], ...extra },
});

const route = (ns = 'default', backend = 'httpbin'): KubeObject => ({
  apiVersion: gwApi,
  kind: 'HTTPRoute',
  metadata: { name: 'http', namespace: ns },
  spec: { parentRefs: [{ name: 'httpbin-gateway', namespace: 'default' }], hostnames: ['httpbin.example.com'], rules: [{ backendRefs: [{ name: backend, port: 8000 }] }] },
});

const service = (name: string, ns = 'default'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: ns },
  spec: { ports: [{ port: 8000, targetPort: 8080 }] },
});

describe('Istio Gateway API controller', () => {
  it('creates and accepts the istio GatewayClass', () => {
    const { get } = setup();
    const gc = get(gwApi, 'GatewayClass', undefined, 'istio');
    expect(gc.spec.controllerName).toBe('istio.io/gateway-controller');
    expect(cond(gc.status.conditions, 'Accepted')).toMatchObject({ status: 'True', message: 'Handled by Istio controller' });
  });

  it('deploys <gw>-istio resources and goes from AddressNotAssigned to Programmed with an LB IP', () => {
    const fresh = setup();
    fresh.store.create(gateway());
    fresh.settle();
    const gw = fresh.get(gwApi, 'Gateway', 'default', 'httpbin-gateway');
    expect(cond(gw.status.conditions, 'Programmed')).toMatchObject({
      status: 'True',
      message: 'Resource programmed, assigned to service(s) httpbin-gateway-istio.default.svc.cluster.local:80',
    });
    expect(gw.status.addresses[0]).toMatchObject({ type: 'IPAddress' });
    expect(gw.status.addresses[0].value).toMatch(/^20\./);
    for (const [apiVersion, kind] of [['apps/v1', 'Deployment'], ['v1', 'Service'], ['autoscaling/v2', 'HorizontalPodAutoscaler'], ['policy/v1', 'PodDisruptionBudget']]) {
      const o = fresh.get(apiVersion, kind, 'default', 'httpbin-gateway-istio');
      expect(o.metadata.labels?.['gateway.networking.k8s.io/gateway-name']).toBe('httpbin-gateway');
      expect(o.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Gateway', name: 'httpbin-gateway' });
    }
    expect(fresh.get('autoscaling/v2', 'HorizontalPodAutoscaler', 'default', 'httpbin-gateway-istio').spec).toMatchObject({ minReplicas: 2, maxReplicas: 5 });
  });

  it('reports AddressNotAssigned while the load balancer is pending', () => {
    // No LB controller: the Service stays pending.
    const { store, settle } = realCluster({ controllers: createControllers().filter(c => c.name !== 'azure-cloud-provider-lb') });
    store.create(gateway());
    settle();
    const gw = store.get(store.resourceFor(gwApi, 'Gateway')!, 'default', 'httpbin-gateway')!;
    expect(cond(gw.status.conditions, 'Programmed')).toMatchObject({
      status: 'False',
      reason: 'AddressNotAssigned',
      message:
        'Assigned to service(s) httpbin-gateway-istio.default.svc.cluster.local:80, but failed to assign to all requested addresses: address pending for hostname "httpbin-gateway-istio.default.svc.cluster.local"',
    });
  });

  it('internal LB annotation gives a 10.x address and PLS annotations are copied', () => {
    const { store, settle, get } = setup();
    store.create(
      gateway({
        infrastructure: {
          annotations: {
            'service.beta.kubernetes.io/azure-load-balancer-internal': 'true',
            'service.beta.kubernetes.io/azure-pls-create': 'true',
          },
        },
      }),
    );
    settle();
    const svc = get('v1', 'Service', 'default', 'httpbin-gateway-istio');
    expect(svc.metadata.annotations?.['service.beta.kubernetes.io/azure-pls-create']).toBe('true');
    expect(get(gwApi, 'Gateway', 'default', 'httpbin-gateway').status.addresses[0].value).toMatch(/^10\./);
  });

  it('route: BackendNotFound until the Service appears, then ResolvedRefs', () => {
    const { store, settle, get } = setup();
    store.create(gateway());
    store.create(route());
    settle();
    let parent = get(gwApi, 'HTTPRoute', 'default', 'http').status.parents[0];
    expect(parent.controllerName).toBe('istio.io/gateway-controller');
    expect(cond(parent.conditions, 'ResolvedRefs')).toMatchObject({
      status: 'False',
      reason: 'BackendNotFound',
      message: 'backend(httpbin.default.svc.cluster.local) not found',
    });
    store.create(service('httpbin'));
    settle();
    parent = get(gwApi, 'HTTPRoute', 'default', 'http').status.parents[0];
    expect(cond(parent.conditions, 'ResolvedRefs')).toMatchObject({ status: 'True', reason: 'ResolvedRefs' });
    expect(get(gwApi, 'Gateway', 'default', 'httpbin-gateway').status.listeners[0].attachedRoutes).toBe(1);
  });

  it('route from another namespace is NotAllowedByListeners for from: Same', () => {
    const { store, settle, get } = setup();
    store.create(gateway());
    store.create(route('pets'));
    settle();
    const parent = get(gwApi, 'HTTPRoute', 'pets', 'http').status.parents[0];
    expect(cond(parent.conditions, 'Accepted')).toMatchObject({
      status: 'False',
      reason: 'NotAllowedByListeners',
      message: 'hostnames matched parent hostname "", but namespace "pets" is not allowed by the parent',
    });
    expect(get(gwApi, 'Gateway', 'default', 'httpbin-gateway').status.listeners[0].attachedRoutes).toBe(0);
  });

  it('HTTPS listener: InvalidCertificateRef until the Secret appears', () => {
    const { store, settle, get } = setup();
    store.create(
      gateway({
        listeners: [{ name: 'https', port: 443, protocol: 'HTTPS', hostname: 'httpbin.example.com', tls: { mode: 'Terminate', certificateRefs: [{ name: 'httpbin-credential' }] } }],
      }),
    );
    settle();
    let listener = get(gwApi, 'Gateway', 'default', 'httpbin-gateway').status.listeners[0];
    expect(cond(listener.conditions, 'ResolvedRefs')).toMatchObject({
      status: 'False',
      reason: 'InvalidCertificateRef',
      message: 'invalid certificate reference /Secret/httpbin-credential., secret default/httpbin-credential not found',
    });
    expect(cond(listener.conditions, 'Programmed')).toMatchObject({ status: 'False', reason: 'Invalid' });
    const cert = mintCertificate({ commonName: 'httpbin.example.com', notBefore: new Date(Date.now() - 1000), notAfter: new Date(Date.now() + 86400000) });
    store.create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'httpbin-credential', namespace: 'default' },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': Buffer.from(cert.certificatePem).toString('base64'), 'tls.key': Buffer.from(cert.privateKeyPem).toString('base64') },
    });
    settle();
    listener = get(gwApi, 'Gateway', 'default', 'httpbin-gateway').status.listeners[0];
    expect(cond(listener.conditions, 'ResolvedRefs')).toMatchObject({ status: 'True' });
  });

  it('observedGeneration follows a generation bump', () => {
    const { store, settle, get } = setup();
    store.create(gateway());
    settle();
    store.apply(gateway({ listeners: [{ name: 'http', port: 8080, protocol: 'HTTP' }] }), { fieldManager: 'test', force: true });
    settle();
    const gw = get(gwApi, 'Gateway', 'default', 'httpbin-gateway');
    expect(gw.metadata.generation).toBe(2);
    expect(cond(gw.status.conditions, 'Accepted').observedGeneration).toBe(2);
    expect(gw.status.listeners[0].conditions[0].observedGeneration).toBe(2);
  });

  it('a Gateway of another class, or pinned to a revision not installed, keeps the CRD default status', () => {
    const { store, settle, get } = setup(['asm-1-26']);
    store.create(gateway({ gatewayClassName: 'other' }, { name: 'other-class' }));
    store.create(gateway({}, { name: 'pinned', labels: { 'istio.io/rev': 'asm-1-27' } }));
    settle();
    for (const name of ['other-class', 'pinned']) {
      const conditions = get(gwApi, 'Gateway', 'default', name).status.conditions;
      expect(conditions.map((c: any) => `${c.type}=${c.status}/${c.reason}`)).toEqual(['Accepted=Unknown/Pending', 'Programmed=Unknown/Pending']);
      expect(get(gwApi, 'Gateway', 'default', name).status.listeners).toBeUndefined();
    }
  });

  it('parametersRef ConfigMap: HPA min 1 is not applied (AKS minimum 2), max is', () => {
    const { store, settle, get } = setup();
    store.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'gw-options', namespace: 'default' },
      data: { horizontalPodAutoscaler: 'spec:\n  minReplicas: 1\n  maxReplicas: 4\n', deployment: 'metadata:\n  labels:\n    test.azureservicemesh.io/deployment-config: updated-per-gateway\nspec:\n  strategy: {}\n' },
    } as KubeObject);
    store.create(gateway({ infrastructure: { parametersRef: { group: '', kind: 'ConfigMap', name: 'gw-options' } } }));
    settle();
    expect(get('autoscaling/v2', 'HorizontalPodAutoscaler', 'default', 'httpbin-gateway-istio').spec).toMatchObject({ minReplicas: 2, maxReplicas: 4 });
    const deployment = get('apps/v1', 'Deployment', 'default', 'httpbin-gateway-istio');
    expect(deployment.metadata.labels?.['test.azureservicemesh.io/deployment-config']).toBe('updated-per-gateway');
    // spec.strategy is not in the AKS allow list: the API server's default stays.
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    const event = get('v1', 'Event', 'default', 'httpbin-gateway.customization') as any;
    expect(event.message).toContain('below the AKS minimum of 2');
  });

  it('reconciles only what changed (a route event does not rewrite unrelated routes)', () => {
    const { store, settle } = setup();
    store.create(gateway({ listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }] }));
    store.create(service('httpbin'));
    for (let i = 0; i < 50; i++) store.create({ ...route(), metadata: { name: `r${i}`, namespace: 'default' } });
    settle();
    const writes: string[] = [];
    store.subscribe(e => writes.push(`${e.resource.kind}/${e.object.metadata.name}`));
    store.create(service('unrelated'));
    store.apply({ ...route('default', 'missing'), metadata: { name: 'r7', namespace: 'default' } }, { fieldManager: 'test', force: true });
    settle();
    expect(writes.filter(w => w.startsWith('HTTPRoute/'))).toEqual(['HTTPRoute/r7', 'HTTPRoute/r7']);
  });
});
