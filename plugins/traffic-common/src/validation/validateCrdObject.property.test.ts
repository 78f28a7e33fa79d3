import fc from 'fast-check';
import type { KubeObject } from '../kube';
import { validateCrdObject } from '.';

const validGateway: KubeObject = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name: 'gw', namespace: 'default', labels: { app: 'gw' } },
  spec: {
    gatewayClassName: 'istio',
    addresses: [
      { type: 'Hostname', value: 'aks-istio-ingressgateway-external' },
    ],
    infrastructure: {
      annotations: {
        'service.beta.kubernetes.io/azure-load-balancer-internal': 'true',
      },
    },
    listeners: [
      {
        name: 'http',
        port: 80,
        protocol: 'HTTP',
        allowedRoutes: { namespaces: { from: 'All' } },
      },
      {
        name: 'https',
        port: 443,
        protocol: 'HTTPS',
        hostname: 'httpbin.example.com',
        tls: {
          mode: 'Terminate',
          certificateRefs: [{ name: 'httpbin-credential' }],
        },
      },
    ],
  },
};

type Path = Array<string | number>;

/** Every path in a JSON tree (objects and arrays), root excluded. */
function allPaths(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value))
    return value.flatMap((item, i) => [
      [...prefix, i],
      ...allPaths(item, [...prefix, i]),
    ]);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => [
      [...prefix, key],
      ...allPaths(child, [...prefix, key]),
    ]);
  }
  return [];
}

const PATHS = allPaths(validGateway);

const jsonValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string(),
  fc.constantFrom(
    'HTTP',
    'HTTPS',
    'TLS',
    'Passthrough',
    '*',
    '',
    'a.b',
    '::1',
    '0',
    '-1',
    '1e400',
  ),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant({})), {
    maxLength: 3,
  }),
  fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer()), {
    maxKeys: 3,
  }),
);

const mutation = fc.record({
  path: fc.constantFrom(...PATHS),
  kind: fc.constantFrom('replace', 'delete', 'duplicate'),
  value: jsonValue,
});

function applyMutation(
  object: any,
  { path, kind, value }: { path: Path; kind: string; value: unknown },
) {
  const parent = path
    .slice(0, -1)
    .reduce(
      (node, key) => (node === null || node === undefined ? node : node[key]),
      object,
    );
  if (parent === null || parent === undefined || typeof parent !== 'object')
    return;
  const key = path[path.length - 1] as any;
  if (kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(key, 1);
    else delete parent[key];
  } else if (kind === 'duplicate' && Array.isArray(parent)) {
    parent.push(JSON.parse(JSON.stringify(parent[key] ?? null)));
  } else {
    parent[key] = value;
  }
}

describe('validateCrdObject under random mutations', () => {
  it('never throws: errors are returned', () => {
    fc.assert(
      fc.property(
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('v1.2.1', 'v1.5.1'),
        (mutations, version) => {
          const gateway = JSON.parse(JSON.stringify(validGateway));
          mutations.forEach(m => applyMutation(gateway, m));
          const result = validateCrdObject(gateway, {
            gatewayApiVersion: version as 'v1.2.1' | 'v1.5.1',
            oldObject: validGateway,
          });
          const malformed = (result?.errors ?? []).filter(
            error =>
              typeof error.field !== 'string' ||
              typeof error.message !== 'string' ||
              !error.message,
          );
          expect(malformed).toEqual([]);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('accepts the unmutated Gateway', () => {
    expect(
      validateCrdObject(validGateway, { gatewayApiVersion: 'v1.2.1' })!.errors,
    ).toEqual([]);
  });
});
