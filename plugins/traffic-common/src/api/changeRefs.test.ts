import { changeObjectRefOf, describeChangeObjectRef } from './changeRefs';

describe('change object refs', () => {
  it('names a namespaced object by apiVersion, kind, namespace and name', () => {
    const ref = changeObjectRefOf({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'httpbin', namespace: 'default' },
    });
    expect(ref).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      namespace: 'default',
      name: 'httpbin',
    });
    expect(describeChangeObjectRef(ref)).toBe('HTTPRoute default/httpbin');
  });

  it('leaves the namespace out for cluster-scoped objects', () => {
    const ref = changeObjectRefOf({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: 'istio' },
    });
    expect(ref).not.toHaveProperty('namespace');
    expect(describeChangeObjectRef(ref)).toBe('GatewayClass istio');
  });
});
