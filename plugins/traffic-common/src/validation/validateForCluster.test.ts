import { crdBundlesFor, validateForGatewayApiVersion } from './validateForCluster';

const gateway = (listener: object) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name: 'web', namespace: 'default' },
  spec: { gatewayClassName: 'istio', listeners: [listener] },
});

describe('validateForGatewayApiVersion', () => {
  it('checks clusters between the shipped bundles against both', () => {
    expect(crdBundlesFor('v1.2.1')).toEqual(['v1.2.1']);
    expect(crdBundlesFor('v1.0.0')).toEqual(['v1.2.1']);
    expect(crdBundlesFor('unknown')).toEqual(['v1.2.1']);
    expect(crdBundlesFor('v1.3.0')).toEqual(['v1.2.1', 'v1.5.1']);
    expect(crdBundlesFor('v1.4.1')).toEqual(['v1.2.1', 'v1.5.1']);
    expect(crdBundlesFor('v1.5.1')).toEqual(['v1.5.1']);
    expect(crdBundlesFor('v1.6.0')).toEqual(['v1.5.1']);
  });

  it('passes what both bundles accept, and reports an error both raise once', () => {
    const valid = gateway({ name: 'http', protocol: 'HTTP', port: 80 });
    expect(validateForGatewayApiVersion(valid, 'v1.4.1')).toEqual({ errors: [] });
    const bad = gateway({ name: 'http', protocol: 'HTTP', port: 0 });
    const errors = validateForGatewayApiVersion(bad, 'v1.3.0')!.errors;
    expect(errors.filter(e => e.field.endsWith('.port'))).toHaveLength(1);
    expect(errors[0].message).not.toMatch(/schema\)$/);
  });

  it('refuses a kind only the newer bundle serves (TLSRoute) on clusters in between', () => {
    const tlsRoute = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'TLSRoute',
      metadata: { name: 'tls', namespace: 'default' },
      spec: {
        parentRefs: [{ name: 'web' }],
        hostnames: ['tls.example.com'],
        rules: [{ backendRefs: [{ name: 'backend', port: 443 }] }],
      },
    };
    expect(validateForGatewayApiVersion(tlsRoute, 'v1.5.1')!.errors).toEqual([]);
    expect(validateForGatewayApiVersion(tlsRoute, 'v1.4.1')!.errors).toEqual([
      expect.objectContaining({
        field: 'kind',
        message: expect.stringContaining('Gateway API v1.2.1 standard channel'),
      }),
    ]);
  });

  it('ignores kinds that are not CRD kinds', () => {
    expect(
      validateForGatewayApiVersion(
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } },
        'v1.4.1',
      ),
    ).toBeUndefined();
  });
});
