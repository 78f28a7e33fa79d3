import type { KubeObject } from '../kube';
import { formatInvalidMessage, listCrdKinds, validateCrdObject } from '.';
import { listSharedDir, loadSharedManifests } from './testing/sharedData';

const v121 = { gatewayApiVersion: 'v1.2.1' } as const;
const v151 = { gatewayApiVersion: 'v1.5.1' } as const;

/** For each manifest the v1.2.1 API server must reject: a field one of its errors must name. */
const EXPECTED_INVALID_FIELD: Record<string, string> = {
  'gateway-duplicate-listeners.yaml': 'spec.listeners',
  'gateway-hostname-tcp.yaml': 'spec.listeners',
  'gateway-hostname-udp.yaml': 'spec.listeners',
  'gateway-invalid-addresses.yaml': 'spec.addresses[0].value',
  'gateway-invalid-listener-name.yaml': 'spec.listeners[0].name',
  'gateway-invalid-listener-port.yaml': 'spec.listeners[0].port',
  'gateway-invalid-tls-mode.yaml': 'spec.listeners',
  'gateway-tlsconfig-tcp.yaml': 'spec.listeners',
  'gatewayclass-invalid-controller.yaml': 'spec.controllerName',
  'httproute-duplicate-header-match.yaml':
    'spec.rules[0].matches[0].headers[1]',
  'httproute-duplicate-query-match.yaml':
    'spec.rules[0].matches[0].queryParams[1]',
  'httproute-httproute-portless-backend.yaml': 'spec.rules[0].backendRefs[0]',
  'httproute-httproute-portless-service.yaml': 'spec.rules[0].backendRefs[0]',
  'httproute-invalid-backend-group.yaml': 'spec.rules[0].backendRefs[0].group',
  'httproute-invalid-backend-kind.yaml': 'spec.rules[0].backendRefs[0].kind',
  'httproute-invalid-backend-port.yaml': 'spec.rules[0].backendRefs[0].port',
  'httproute-invalid-filter-duplicate-header.yaml':
    'spec.rules[0].filters[0].requestHeaderModifier.remove[1]',
  'httproute-invalid-filter-duplicate.yaml': 'spec.rules[0].filters',
  'httproute-invalid-filter-empty.yaml': 'spec.rules[0].filters[0]',
  'httproute-invalid-filter-wrong-field.yaml': 'spec.rules[0].filters[0]',
  'httproute-invalid-header-name.yaml':
    'spec.rules[0].matches[0].headers[0].name',
  'httproute-invalid-hostname.yaml': 'spec.hostnames[0]',
  'httproute-invalid-httredirect-hostname.yaml':
    'spec.rules[0].filters[0].requestRedirect.hostname',
  'httproute-invalid-method.yaml': 'spec.rules[0].matches[0].method',
  'httproute-invalid-path-alphanum-specialchars-mix.yaml':
    'spec.rules[0].matches[0].path',
  'httproute-invalid-path-specialchars.yaml': 'spec.rules[0].matches[0].path',
  'httproute-invalid-request-redirect-with-backendref.yaml': 'spec.rules[0]',
  'referencegrant-missing-from.yaml': 'spec.from',
  'referencegrant-missing-ns.yaml': 'spec.from[0].namespace',
  'referencegrant-missing-to.yaml': 'spec.to',
};

function expectValid(
  object: KubeObject,
  options: { gatewayApiVersion: 'v1.2.1' | 'v1.5.1' } = v121,
) {
  const result = validateCrdObject(object, options);
  expect(result).toBeDefined();
  expect(result!.errors).toEqual([]);
  return result!;
}

const httpGateway: KubeObject = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name: 'httpbin-gateway', namespace: 'default' },
  spec: {
    gatewayClassName: 'istio',
    listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }],
  },
};

const httpRoute: KubeObject = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'httpbin', namespace: 'default' },
  spec: {
    parentRefs: [{ name: 'httpbin-gateway' }],
    hostnames: ['httpbin.example.com'],
    rules: [{ backendRefs: [{ name: 'httpbin', port: 8000 }] }],
  },
};

describe('validateCrdObject: manifests the v1.2.1 API server rejects', () => {
  const files = listSharedDir('gateway-api-invalid-examples');

  it('has an expected field for every example file', () => {
    expect(files).toEqual(Object.keys(EXPECTED_INVALID_FIELD).sort());
  });

  it.each(files)('rejects %s', file => {
    const documents = loadSharedManifests(
      `gateway-api-invalid-examples/${file}`,
    );
    const results = documents.map(document =>
      validateCrdObject(document, v121),
    );
    results.forEach(result => expect(result).toBeDefined());
    const errors = results.flatMap(result => result!.errors);
    expect(errors.map(error => error.field)).toContain(
      EXPECTED_INVALID_FIELD[file],
    );
    for (const error of errors) {
      expect(error.field).toMatch(
        /^(spec|metadata|apiVersion)(\.[A-Za-z]+|\[\d+\])*$/,
      );
      expect(error.message.length).toBeGreaterThan(0);
    }
  });
});

describe('validateCrdObject: accepted manifests', () => {
  it.each([
    'samples/httpbin.yaml',
    'samples/curl.yaml',
    'samples/staticgatewayconfiguration.yaml',
  ])('accepts %s (built-in kinds are not CRD kinds)', file => {
    const errors = loadSharedManifests(file).flatMap(
      document => validateCrdObject(document, v121)?.errors ?? [],
    );
    expect(errors).toEqual([]);
  });

  it('validates the StaticGatewayConfiguration sample as a CRD kind', () => {
    const [sgc] = loadSharedManifests(
      'samples/staticgatewayconfiguration.yaml',
    );
    expect(
      expectValid(sgc).object.spec.gatewayVmssProfile.publicIpPrefixSize,
    ).toBe(31);
  });

  it('accepts the Gateway API conformance base manifests on both bundles', () => {
    const documents = loadSharedManifests(
      'samples/gateway-api-conformance-base.yaml',
      {
        '{GATEWAY_CLASS_NAME}': 'istio',
      },
    );
    const crdDocuments = documents.filter(document =>
      validateCrdObject(document, v121),
    );
    expect(crdDocuments.map(document => document.kind)).toContain('Gateway');
    for (const document of crdDocuments) {
      expectValid(document, v121);
      expectValid(document, v151);
    }
  });

  it('accepts the same Gateway and HTTPRoute on v1.2.1 and v1.5.1', () => {
    for (const options of [v121, v151]) {
      expect(expectValid(httpGateway, options).object.kind).toBe('Gateway');
      expect(expectValid(httpRoute, options).object.kind).toBe('HTTPRoute');
    }
  });

  it('returns undefined for kinds that are not CRD kinds of the bundle set', () => {
    expect(
      validateCrdObject(
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } },
        v121,
      ),
    ).toBeUndefined();
    const tlsRoute = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'TLSRoute',
      metadata: { name: 't' },
      spec: {},
    };
    expect(validateCrdObject(tlsRoute, v121)).toBeUndefined();
    expect(validateCrdObject(tlsRoute, v151)).toBeDefined();
  });
});

describe('validateCrdObject: Gateway API version differences (DESIGN §11)', () => {
  const passthroughGateway: KubeObject = {
    ...httpGateway,
    spec: {
      gatewayClassName: 'istio',
      listeners: [
        {
          name: 'https',
          port: 443,
          protocol: 'HTTPS',
          hostname: 'a.example.com',
          tls: { mode: 'Passthrough' },
        },
      ],
    },
  };

  it('rejects an HTTPS listener with TLS passthrough on v1.2.1', () => {
    const { errors } = validateCrdObject(passthroughGateway, v121)!;
    expect(errors).toContainEqual({
      field: 'spec.listeners',
      type: 'FieldValueInvalid',
      message:
        'Invalid value: "array": tls mode must be Terminate for protocol HTTPS',
    });
  });

  it('accepts a TLS listener with passthrough on v1.5.1', () => {
    const tlsGateway = {
      ...httpGateway,
      spec: {
        gatewayClassName: 'istio',
        listeners: [
          {
            name: 'tls',
            port: 443,
            protocol: 'TLS',
            hostname: 'a.example.com',
            tls: { mode: 'Passthrough' },
          },
        ],
      },
    };
    expect(
      expectValid(tlsGateway, v151).object.spec.listeners[0].tls.mode,
    ).toBe('Passthrough');
  });

  it('rejects an unserved or unknown version of a known kind', () => {
    const result = validateCrdObject(
      { ...httpRoute, apiVersion: 'gateway.networking.k8s.io/v9' },
      v121,
    )!;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({
      field: 'apiVersion',
      type: 'FieldValueNotSupported',
    });
    expect(result.errors[0].message).toContain(
      '"gateway.networking.k8s.io/v1"',
    );
  });
});

describe('validateCrdObject: defaults and pruning', () => {
  it('defaults HTTPRoute matches, parentRef and backendRef group/kind, weight', () => {
    const { object } = expectValid(httpRoute);
    expect(object.spec.rules[0].matches).toEqual([
      { path: { type: 'PathPrefix', value: '/' } },
    ]);
    expect(object.spec.parentRefs[0]).toEqual({
      group: 'gateway.networking.k8s.io',
      kind: 'Gateway',
      name: 'httpbin-gateway',
    });
    expect(object.spec.rules[0].backendRefs[0]).toEqual({
      group: '',
      kind: 'Service',
      name: 'httpbin',
      port: 8000,
      weight: 1,
    });
    expect(httpRoute.spec.rules[0].matches).toBeUndefined(); // the input is not mutated
  });

  it('defaults a Gateway listener allowedRoutes (nested defaults included)', () => {
    const { object } = expectValid(httpGateway);
    expect(object.spec.listeners[0].allowedRoutes).toEqual({
      namespaces: { from: 'Same' },
    });
  });

  it('defaults inside array items that exist (path match type)', () => {
    const route = {
      ...httpRoute,
      spec: {
        ...httpRoute.spec,
        rules: [{ matches: [{ path: { value: '/get' } }] }],
      },
    };
    const { object } = expectValid(route);
    expect(object.spec.rules[0].matches[0].path).toEqual({
      type: 'PathPrefix',
      value: '/get',
    });
  });

  it('prunes unknown fields silently and reports where', () => {
    const route = {
      ...httpRoute,
      metadata: { ...httpRoute.metadata, bogus: 1 },
      spec: {
        ...httpRoute.spec,
        unknownField: true,
        rules: [{ backendRefs: [{ name: 'a', port: 80, extra: 'x' }] }],
      },
    };
    const { object, prunedFields } = expectValid(route);
    expect(prunedFields.sort()).toEqual([
      'metadata.bogus',
      'spec.rules[0].backendRefs[0].extra',
      'spec.unknownField',
    ]);
    expect(object.spec.unknownField).toBeUndefined();
    expect((object.metadata as any).bogus).toBeUndefined();
  });

  it('keeps unknown fields under x-kubernetes-preserve-unknown-fields', () => {
    const spc: KubeObject = {
      apiVersion: 'secrets-store.csi.x-k8s.io/v1',
      kind: 'SecretProviderClass',
      metadata: { name: 'spc' },
      spec: { provider: 'azure', parameters: { keyvaultName: 'kv' } },
    };
    const { object } = expectValid(spc);
    expect(object.spec.parameters).toEqual({ keyvaultName: 'kv' });
  });
});

describe('validateCrdObject: metadata, transition rules and messages', () => {
  it('requires a DNS-1123 subdomain name', () => {
    const { errors } = validateCrdObject(
      { ...httpRoute, metadata: { name: 'Bad_Name' } },
      v121,
    )!;
    expect(errors[0]).toMatchObject({
      field: 'metadata.name',
      type: 'FieldValueInvalid',
    });
    expect(
      validateCrdObject({ ...httpRoute, metadata: {} as any }, v121)!.errors[0],
    ).toEqual({
      field: 'metadata.name',
      type: 'FieldValueRequired',
      message: 'Required value: name or generateName is required',
    });
  });

  it('runs transition rules (oldSelf) only when an old object is given', () => {
    const gatewayClass = (controllerName: string): KubeObject => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: 'istio' },
      spec: { controllerName },
    });
    expectValid(gatewayClass('istio.io/gateway-controller'));
    const { errors } = validateCrdObject(gatewayClass('example.com/other'), {
      ...v121,
      oldObject: gatewayClass('istio.io/gateway-controller'),
    })!;
    expect(errors).toEqual([
      {
        field: 'spec.controllerName',
        type: 'FieldValueInvalid',
        message: 'Invalid value: "string": Value is immutable',
      },
    ]);
  });

  it('formats the 422 message like the API server', () => {
    const invalid = {
      ...httpGateway,
      spec: {
        gatewayClassName: 'istio',
        listeners: [{ name: 'http', port: 0, protocol: 'HTTP' }],
      },
    };
    const { errors } = validateCrdObject(invalid, v121)!;
    expect(formatInvalidMessage(invalid, errors)).toBe(
      'Gateway.gateway.networking.k8s.io "httpbin-gateway" is invalid: spec.listeners[0].port: Invalid value: 0: should be greater than or equal to 1',
    );
    expect(
      formatInvalidMessage(invalid, [
        ...errors,
        ...errors,
        {
          field: 'spec.x',
          type: 'FieldValueRequired',
          message: 'Required value',
        },
      ]),
    ).toBe(
      'Gateway.gateway.networking.k8s.io "httpbin-gateway" is invalid: [spec.listeners[0].port: Invalid value: 0: should be greater than or equal to 1, spec.x: Required value]',
    );
  });

  it('reports too many items and unsupported values with API server wording', () => {
    const manyRules = Array.from({ length: 17 }, () => ({
      backendRefs: [{ name: 'a', port: 80 }],
    }));
    const route = {
      ...httpRoute,
      spec: { ...httpRoute.spec, rules: manyRules },
    };
    expect(validateCrdObject(route, v121)!.errors).toContainEqual({
      field: 'spec.rules',
      type: 'FieldValueTooMany',
      message: 'Too many: 17: must have at most 16 items',
    });
    const badProtocol = {
      ...httpGateway,
      spec: {
        gatewayClassName: 'istio',
        listeners: [{ name: 'x', port: 80, protocol: 'HT TP' }],
      },
    };
    expect(
      validateCrdObject(badProtocol, v121)!.errors.map(e => e.field),
    ).toContain('spec.listeners[0].protocol');
  });
});

describe('listCrdKinds', () => {
  it('lists the Gateway API bundle plus Istio and Azure kinds', () => {
    const kinds = listCrdKinds('v1.2.1');
    const gateway = kinds.find(
      kind =>
        kind.kind === 'Gateway' && kind.group === 'gateway.networking.k8s.io',
    )!;
    expect(gateway).toMatchObject({
      plural: 'gateways',
      shortNames: ['gtw'],
      namespaced: true,
      bundleVersion: 'v1.2.1',
    });
    expect(gateway.versions.find(version => version.name === 'v1')).toEqual({
      name: 'v1',
      served: true,
      storage: true,
      statusSubresource: true,
    });
    expect(kinds.map(kind => kind.kind)).toEqual(
      expect.arrayContaining([
        'VirtualService',
        'ServiceEntry',
        'StaticGatewayConfiguration',
        'SecretProviderClass',
      ]),
    );
    expect(kinds.some(kind => kind.kind === 'TLSRoute')).toBe(false);
    expect(
      listCrdKinds('v1.5.1').find(kind => kind.kind === 'TLSRoute')
        ?.bundleVersion,
    ).toBe('v1.5.1');
  });
});
