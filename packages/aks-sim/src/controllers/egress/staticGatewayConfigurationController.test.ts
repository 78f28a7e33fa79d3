import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import { realCluster, type RealCluster } from '../__testUtils__/realCluster';
import { egressIpPrefix } from './staticGatewayConfigurationController';

const SGC_API = 'egressgateway.kubernetes.azure.com/v1alpha1';

const sgc = (name: string, spec: Record<string, unknown>): KubeObject => ({
  apiVersion: SGC_API,
  kind: 'StaticGatewayConfiguration',
  metadata: { name, namespace: 'aks-istio-egress' },
  spec: { gatewayNodepoolName: 'gwpool', ...spec },
});

/** IPv4 address as a 32-bit number. */
const toNumber = (ip: string) => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);

describe('StaticGatewayConfigurationController (kube-egress-gateway)', () => {
  let cluster: RealCluster;
  beforeEach(() => {
    cluster = realCluster({ name: 'aks-prod-weu' });
  });
  afterEach(() => cluster.stop());

  const status = (name: string) => cluster.get(SGC_API, 'StaticGatewayConfiguration', 'aks-istio-egress', name)?.status;

  it('assigns a public prefix of the requested size, aligned to it, with no conditions', () => {
    cluster.apply(sgc('egress-30', { provisionPublicIps: true, gatewayVmssProfile: { publicIpPrefixSize: 30 } }));
    cluster.settle();
    const prefix: string = status('egress-30').egressIpPrefix;
    expect(prefix).toMatch(/^\d+\.\d+\.\d+\.\d+\/30$/);
    const [base] = prefix.split('/');
    expect(toNumber(base) % 4).toBe(0);
    expect(status('egress-30').conditions).toBeUndefined();
    expect(status('egress-30').gatewayServerProfile).toMatchObject({ ip: expect.stringMatching(/^10\.225\./), port: expect.any(Number), privateKeySecretRef: { kind: 'Secret', namespace: 'kube-egress-gateway-system' } });
  });

  it('defaults to a /31 and to public IPs (the CRD default provisionPublicIps: true)', () => {
    cluster.apply(sgc('egress-default', {}));
    cluster.settle();
    const object = cluster.get(SGC_API, 'StaticGatewayConfiguration', 'aks-istio-egress', 'egress-default')!;
    expect(object.spec.provisionPublicIps).toBe(true);
    expect(object.status.egressIpPrefix).toMatch(/\/31$/);
  });

  it('with provisionPublicIps: false reports a comma-separated list of private IPs, not a CIDR', () => {
    cluster.apply(sgc('egress-private', { provisionPublicIps: false }));
    cluster.settle();
    const prefix: string = status('egress-private').egressIpPrefix;
    expect(prefix).not.toContain('/');
    const ips = prefix.split(',');
    expect(ips).toHaveLength(2);
    for (const ip of ips) expect(ip).toMatch(/^10\.225\.\d+\.\d+$/);
  });

  it('is deterministic per cluster and object, and follows spec changes', () => {
    cluster.apply(sgc('egress', { provisionPublicIps: true }));
    cluster.settle();
    const first = status('egress').egressIpPrefix;
    expect(first).toBe(egressIpPrefix('aks-prod-weu', { metadata: { namespace: 'aks-istio-egress', name: 'egress' }, spec: { provisionPublicIps: true } }));
    expect(egressIpPrefix('aks-prod-neu', { metadata: { namespace: 'aks-istio-egress', name: 'egress' }, spec: {} })).not.toBe(first);
    cluster.apply(sgc('egress', { provisionPublicIps: false }));
    cluster.settle();
    expect(status('egress').egressIpPrefix).toContain(',');
  });

  it('needs a moment (Azure provisioning): no prefix before the controller ran', () => {
    cluster.apply(sgc('egress-later', { provisionPublicIps: true }));
    expect(status('egress-later')).toBeUndefined();
    cluster.settle();
    expect(status('egress-later').egressIpPrefix).toBeDefined();
  });
});
