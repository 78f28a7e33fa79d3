import { compactObject, plain } from './compact';

const route = (name: string, gateway: string) => ({
  metadata: { name, namespace: 'ns', labels: { app: 'shop' } },
  spec: {
    parentRefs: [{ name: gateway, namespace: 'gw' }],
    hostnames: [`${name}.example.com`],
    rules: [{ backendRefs: [{ name: 'shop', port: 80 }] }],
  },
  status: {
    parents: [
      {
        parentRef: { name: gateway, namespace: 'gw' },
        controllerName: 'istio.io/gateway-controller',
        conditions: [
          {
            type: 'Accepted',
            status: 'True',
            reason: 'Accepted',
            message: 'Route was valid',
            observedGeneration: 1,
            lastTransitionTime: new Date(`2025-01-0${name.length % 9}T00:00:00Z`),
          },
        ],
      },
    ],
  },
});

describe('compact records', () => {
  it('share repeated subtrees (frozen) and keep unique ones apart', () => {
    const records = ['a-1', 'a-2', 'a-3', 'a-4'].map(name =>
      compactObject(route(name, 'gw-share-test'), 'gateway.networking.k8s.io/v1', 'HTTPRoute'),
    );
    const [, , third, fourth] = records;
    // Seen twice before: one copy from then on.
    expect(third.status).toBe(fourth.status);
    expect(third.spec!.rules).toBe(fourth.spec!.rules);
    expect(third.spec!.parentRefs).toBe(fourth.spec!.parentRefs);
    expect(third.metadata.labels).toBe(fourth.metadata.labels);
    expect(Object.isFrozen(third.status)).toBe(true);
    // The route's own hostnames stay its own.
    expect(third.spec!.hostnames).not.toBe(fourth.spec!.hostnames);
    expect(third.spec).not.toBe(fourth.spec);
    expect(Object.isFrozen(third.spec)).toBe(false);
    // Same content as a plain copy, without condition times.
    expect(JSON.parse(JSON.stringify(fourth.status))).toEqual({
      parents: [
        {
          parentRef: { name: 'gw-share-test', namespace: 'gw' },
          controllerName: 'istio.io/gateway-controller',
          conditions: [
            { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Route was valid', observedGeneration: 1 },
          ],
        },
      ],
    });
  });

  it('never confuses values that print alike', () => {
    const values = [{ a: '1' }, { a: 1 }, { a: ['1'] }, { 'a1:': '' }, { a: null }, { a: true }];
    for (let round = 0; round < 3; round++) {
      expect(values.map(plain)).toEqual(values);
    }
    const first = plain({ a: '1' });
    const second = plain({ a: 1 });
    expect(first).not.toBe(second);
  });
});
