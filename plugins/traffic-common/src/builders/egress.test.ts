import type { KubeObject } from '../kube/types';
import { EgressInput, parseEgressInput } from '../schemas/egressInput';
import { buildEgressRoutingObjects, buildStaticGatewayConfiguration } from './egress';
import { buildMeshRegistryOnlyConfigMap, buildNamespaceRegistryOnlySidecar, withRegistryOnlyOutboundPolicy } from './registryOnly';
import { crdErrors, seedManifests } from './__testUtils__/seeds';

/** ConfigMap data, typed for the assertions. */
const dataOf = (object: KubeObject) => object.data as Record<string, string>;

const SEED = 'istio-egress-gateway-aks';
// The seed's $EGRESS_GTW_SELECTOR as substituted by the seed extractor.
const SEED_SELECTOR = 'asm-egress-test-asm-1-26';

function egressInput(mode: EgressInput['mode']): EgressInput {
  return parseEgressInput({
    cluster: 'c',
    name: 'cnn',
    hosts: ['edition.cnn.com'],
    mode,
    egressGateway: { name: 'asm-egress-test', namespace: 'aks-istio-egress', selectorLabel: SEED_SELECTOR },
  });
}

/**
 * The seed names its Istio Gateway `istio-egressgateway`, which would collide between two egress
 * routes in one namespace; ours is `<name>-egressgateway`. Everything else is identical.
 */
function renameSeedGateway(objects: KubeObject[]): KubeObject[] {
  return JSON.parse(JSON.stringify(objects).split('"istio-egressgateway"').join('"cnn-egressgateway"'));
}

/** The seed shows the three modes one after the other, without the ConfigMap first. */
function seedScenario(index: 0 | 1 | 2): KubeObject[] {
  const routing = seedManifests(SEED).filter(m => m.kind !== 'ConfigMap');
  const starts = routing.flatMap((m, i) => (m.kind === 'ServiceEntry' ? [i] : []));
  return renameSeedGateway(routing.slice(starts[index], starts[index + 1]));
}

describe('egress routing against the egress gateway seed', () => {
  it.each([
    ['http', 0],
    ['tls-passthrough', 1],
    ['tls-origination', 2],
  ] as const)('builds the %s scenario', (mode, index) => {
    const objects = buildEgressRoutingObjects(egressInput(mode));
    expect(objects).toEqual(seedScenario(index));
    expect(crdErrors(objects, 'v1.2.1')).toEqual([]);
  });

  it('selects the egress gateway pods by istio=<name> by default', () => {
    const input = parseEgressInput({ cluster: 'c', name: 'api', hosts: ['api.example.com'], egressGateway: { name: 'egress-a' } });
    const gateway = buildEgressRoutingObjects(input).find(o => o.kind === 'Gateway')!;
    expect(gateway.spec.selector).toEqual({ istio: 'egress-a' });
    expect(gateway.metadata.namespace).toBe('aks-istio-egress');
  });

  it('builds one VirtualService (and originating DestinationRule) per host', () => {
    const input = parseEgressInput({
      cluster: 'c',
      name: 'apis',
      mode: 'tls-origination',
      hosts: ['a.example.com', 'b.example.com'],
      egressGateway: { name: 'egress-a' },
    });
    const objects = buildEgressRoutingObjects(input);
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceEntry/apis',
      'Gateway/apis-egressgateway',
      'DestinationRule/egressgateway-for-apis',
      'VirtualService/direct-apis-1-through-egress-gateway',
      'VirtualService/direct-apis-2-through-egress-gateway',
      'DestinationRule/originate-tls-for-a-example-com',
      'DestinationRule/originate-tls-for-b-example-com',
    ]);
    const subsets = objects[2].spec.subsets;
    expect(subsets.map((s: any) => [s.name, s.trafficPolicy.portLevelSettings[0].tls.sni])).toEqual([
      ['apis-1', 'a.example.com'],
      ['apis-2', 'b.example.com'],
    ]);
    expect(objects[4].spec.http[0].route[0].destination.subset).toBe('apis-2');
    expect(crdErrors(objects, 'v1.2.1')).toEqual([]);
  });

  it('keeps the egress gateway ports (80/443) and uses the chosen ports towards app and host', () => {
    const input = parseEgressInput({
      cluster: 'c',
      name: 'svc',
      hosts: ['svc.example.com'],
      mode: 'tls-origination',
      httpPort: 8080,
      tlsPort: 8443,
      egressGateway: { name: 'egress-a' },
    });
    const vs = buildEgressRoutingObjects(input).find(o => o.kind === 'VirtualService')!;
    expect(vs.spec.http[0].match[0].port).toBe(8080);
    expect(vs.spec.http[0].route[0].destination.port.number).toBe(80);
    expect(vs.spec.http[1].match[0].port).toBe(80);
    expect(vs.spec.http[1].route[0].destination.port.number).toBe(8443);
  });
});

describe('REGISTRY_ONLY', () => {
  it('builds the shared MeshConfig ConfigMap of the seed', () => {
    const seed = seedManifests(SEED).find(m => m.kind === 'ConfigMap')!;
    const built = buildMeshRegistryOnlyConfigMap({ revision: 'asm-1-24' });
    expect(built.metadata).toEqual(seed.metadata);
    // The seed page lost its indentation; the intended document is:
    expect(dataOf(built).mesh).toBe('outboundTrafficPolicy:\n  mode: REGISTRY_ONLY');
  });

  it('merges into existing mesh settings instead of replacing them', () => {
    const merged = withRegistryOnlyOutboundPolicy('accessLogFile: /dev/stdout\noutboundTrafficPolicy:\n  mode: ALLOW_ANY\n');
    expect(merged).toBe('accessLogFile: /dev/stdout\noutboundTrafficPolicy:\n  mode: REGISTRY_ONLY');
  });

  it('uses a namespace-wide Sidecar for one client namespace', () => {
    const sidecar = buildNamespaceRegistryOnlySidecar('shop');
    expect(sidecar).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'Sidecar',
      metadata: { name: 'default', namespace: 'shop' },
      spec: { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } },
    });
    expect(crdErrors([sidecar], 'v1.2.1')).toEqual([]);
  });
});

describe('StaticGatewayConfiguration', () => {
  it('is created in the egress gateway namespace only when asked', () => {
    const base = { cluster: 'c', name: 'x', hosts: ['x.example.com'], egressGateway: { name: 'egress-a', namespace: 'egress' } };
    expect(buildStaticGatewayConfiguration(parseEgressInput({ ...base, staticGatewayConfiguration: { name: 'sgc' } }))).toBeUndefined();
    const sgc = buildStaticGatewayConfiguration(
      parseEgressInput({ ...base, staticGatewayConfiguration: { name: 'sgc', create: true, gatewayNodepoolName: 'gwnodepool' } }),
    )!;
    expect(sgc).toEqual({
      apiVersion: 'egressgateway.kubernetes.azure.com/v1alpha1',
      kind: 'StaticGatewayConfiguration',
      metadata: { name: 'sgc', namespace: 'egress' },
      spec: { gatewayNodepoolName: 'gwnodepool', provisionPublicIps: true },
    });
    expect(crdErrors([sgc], 'v1.2.1')).toEqual([]);
  });
});
