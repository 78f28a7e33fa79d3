import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import { ConfigReader } from '@backstage/config';
import { PolicyInput } from '../changes/policy';
import { TrafficApprovalPolicy } from './policy';
import { approvalLink, readApprovalSettings } from './settings';

const ALL_ON = {
  newGateway: true,
  publicLoadBalancer: true,
  allowedRoutesFromAll: true,
  crossNamespaceReferenceGrant: true,
  newEgressHost: true,
};

const policyOf = (approvals?: object) => TrafficApprovalPolicy.fromConfig(new ConfigReader(approvals ? { traffic: { approvals } } : {}));

const gateway = (spec: object = {}, name = 'web', namespace = 'default'): KubeObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name, namespace },
  spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }], ...spec },
});
const internal = { infrastructure: { annotations: { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' } } };
const serviceEntry = (hosts: string[]): KubeObject => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'ServiceEntry',
  metadata: { name: 'cnn', namespace: 'default' },
  spec: { hosts, resolution: 'DNS', ports: [{ number: 443, name: 'tls', protocol: 'TLS' }] },
});
const grant = (fromNamespace: string): KubeObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1beta1',
  kind: 'ReferenceGrant',
  metadata: { name: 'allow', namespace: 'shared' },
  spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: fromNamespace }], to: [{ group: '', kind: 'Service' }] },
});

const input = (...plan: PolicyInput['plan']): PolicyInput => ({ cluster: 'aks', journey: 'objects', requestedBy: 'user:default/alice', plan });
const create = (object: KubeObject) => ({ object, action: 'create' as const });
const update = (live: KubeObject, object: KubeObject) => ({ object, live, action: 'update' as const });

describe('TrafficApprovalPolicy', () => {
  it('needs no approval without traffic.approvals: changes apply at once as before', async () => {
    expect(await policyOf().evaluate(input(create(gateway()), create(grant('apps'))))).toEqual({ requiresApproval: false, reasons: [] });
  });

  it('names every matching rule for a new public Gateway that admits routes from all namespaces', async () => {
    const object = gateway({ listeners: [{ name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'All' } } }] });
    expect(await policyOf({ require: ALL_ON }).evaluate(input(create(object)))).toEqual({
      requiresApproval: true,
      reasons: [
        'New Gateway default/web [newGateway]',
        'Gateway default/web gets a public load balancer (no service.beta.kubernetes.io/azure-load-balancer-internal: "true" in spec.infrastructure.annotations) [publicLoadBalancer]',
        'Gateway default/web admits routes from all namespaces on listener(s) http (allowedRoutes.namespaces.from: All) [allowedRoutesFromAll]',
      ],
    });
  });

  it('switches each rule off on its own', async () => {
    const object = gateway({ listeners: [{ name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'All' } } }] });
    const decision = await policyOf({ require: { ...ALL_ON, newGateway: false, allowedRoutesFromAll: false } }).evaluate(input(create(object)));
    expect(decision.reasons).toEqual([expect.stringMatching(/\[publicLoadBalancer\]$/)]);
    const none = await policyOf({ require: { ...ALL_ON, newGateway: false, publicLoadBalancer: false, allowedRoutesFromAll: false } }).evaluate(input(create(object)));
    expect(none.requiresApproval).toBe(false);
  });

  it('treats internal, Hostname-address (existing deployment) and ClusterIP Gateways as not public', async () => {
    const policy = policyOf({ require: { publicLoadBalancer: true } });
    const notPublic = [
      gateway(internal),
      gateway({ addresses: [{ type: 'Hostname', value: 'aks-istio-ingressgateway-external.aks-istio-ingress.svc.cluster.local' }] }),
      gateway({ infrastructure: { annotations: { 'networking.istio.io/service-type': 'ClusterIP' } } }),
    ];
    for (const object of notPublic) expect((await policy.evaluate(input(create(object)))).requiresApproval).toBe(false);
  });

  it('flags an update only when it makes the Gateway public or opens a listener to all namespaces', async () => {
    const policy = policyOf({ require: ALL_ON });
    expect((await policy.evaluate(input(update(gateway(internal), gateway())))).reasons).toEqual([expect.stringMatching(/gets a public load balancer/)]);
    expect((await policy.evaluate(input(update(gateway(), gateway({ listeners: [{ name: 'http', protocol: 'HTTP', port: 8080 }] }))))).requiresApproval).toBe(false);
    const fromAll = gateway({ ...internal, listeners: [{ name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'All' } } }] });
    expect((await policy.evaluate(input(update(fromAll, fromAll)))).requiresApproval).toBe(false);
    expect((await policy.evaluate(input(update(gateway(internal), fromAll)))).reasons).toEqual([expect.stringMatching(/\[allowedRoutesFromAll\]$/)]);
    expect((await policy.evaluate(input({ object: gateway(), live: gateway(), action: 'unchanged' }))).requiresApproval).toBe(false);
  });

  it('flags cross-namespace ReferenceGrants', async () => {
    const policy = policyOf({ require: { crossNamespaceReferenceGrant: true } });
    expect((await policy.evaluate(input(create(grant('apps'))))).reasons).toEqual([
      'ReferenceGrant shared/allow lets namespace(s) apps reference objects in shared [crossNamespaceReferenceGrant]',
    ]);
    expect((await policy.evaluate(input(create(grant('shared'))))).requiresApproval).toBe(false);
  });

  it('flags only egress hosts the cluster does not have yet', async () => {
    const policy = policyOf({ require: { newEgressHost: true } });
    expect((await policy.evaluate(input(create(serviceEntry(['edition.cnn.com']))))).reasons).toEqual([
      'New egress host(s) edition.cnn.com (ServiceEntry default/cnn) [newEgressHost]',
    ]);
    const grown = await policy.evaluate(input(update(serviceEntry(['edition.cnn.com']), serviceEntry(['edition.cnn.com', 'api.cnn.com']))));
    expect(grown.reasons).toEqual(['New egress host(s) api.cnn.com (ServiceEntry default/cnn) [newEgressHost]']);
    const sameHosts = { ...serviceEntry(['edition.cnn.com']), spec: { ...serviceEntry(['edition.cnn.com']).spec, resolution: 'NONE' } };
    expect((await policy.evaluate(input(update(serviceEntry(['edition.cnn.com']), sameHosts)))).requiresApproval).toBe(false);
  });

  it('protects listed namespaces (on by default once listed, switchable off)', async () => {
    const object = gateway(internal, 'ingress', 'aks-istio-ingress');
    const listed = policyOf({ protectedNamespaces: ['aks-istio-ingress'] });
    expect((await listed.evaluate(input(update(object, object)))).reasons).toEqual([
      'Changes Gateway aks-istio-ingress/ingress in protected namespace aks-istio-ingress [protectedNamespaces]',
    ]);
    expect((await listed.evaluate(input(create(gateway(internal))))).requiresApproval).toBe(false);
    const off = policyOf({ protectedNamespaces: ['aks-istio-ingress'], require: { protectedNamespaces: false } });
    expect((await off.evaluate(input(update(object, object)))).requiresApproval).toBe(false);
  });

  it('adds the custom traffic.approvals.rules', async () => {
    const policy = policyOf({
      require: { newGateway: true },
      rules: [{ name: 'prod', description: 'Anything on production', clusters: ['aks'] }],
    });
    expect((await policy.evaluate(input(create(gateway())))).reasons).toEqual([
      'New Gateway default/web [newGateway]',
      'Anything on production (create Gateway default/web)',
    ]);
  });
});

describe('readApprovalSettings', () => {
  it('refuses unknown rules and malformed approver refs at start-up', () => {
    expect(() => readApprovalSettings(new ConfigReader({ traffic: { approvals: { require: { newGatway: true } } } }))).toThrow(
      /traffic\.approvals\.require: unknown rule\(s\) newGatway: use newGateway, /,
    );
    expect(() => readApprovalSettings(new ConfigReader({ traffic: { approvals: { notify: ['platform-team'] } } }))).toThrow(
      /"platform-team" is not a full entity ref/,
    );
  });

  it('builds approval links from app.baseUrl and pagePath', () => {
    const settings = readApprovalSettings(new ConfigReader({ app: { baseUrl: 'https://backstage.example.com/' }, traffic: { approvals: { pagePath: 'approvals' } } }));
    expect(approvalLink(settings, 'a b', { absolute: true })).toBe('https://backstage.example.com/approvals?change=a%20b');
    expect(approvalLink(settings, 'x', { absolute: false })).toBe('/approvals?change=x');
    expect(readApprovalSettings(new ConfigReader({}))).toMatchObject({ pagePath: '/traffic-approvals', allowSelfApproval: false, notify: [] });
  });
});
