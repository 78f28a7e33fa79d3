/**
 * fast-check generators for raw journey inputs: mostly plausible values (so many inputs are
 * accepted and reach the builders) mixed with junk and injection attempts (so the rejections are
 * exercised too). Test-only.
 */
import fc from 'fast-check';

export const INJECTION_ATTEMPTS = [
  'a\nkind: Secret',
  'x: y',
  '--- ',
  '',
  'UPPER',
  '*.*.example.com',
  '-a',
  'a b',
  '10.0.0.1',
  '/..',
  '%2f',
  '{a: 1}',
  'a'.repeat(300),
];

const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(...INJECTION_ATTEMPTS),
  fc.constantFrom<unknown>(null, 42, -1, true, [], {}),
);

/** Usually a valid value, sometimes junk. */
function maybe<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 15, arbitrary: valid as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: junk });
}

const label = fc.stringMatching(/^[a-z]([-a-z0-9]{0,8}[a-z0-9])?$/);
const domain = fc.constantFrom('example.com', 'aks.rocks', 'cnn.com');
const host = fc.tuple(fc.array(label, { minLength: 1, maxLength: 2 }), domain).map(([labels, d]) => [...labels, d].join('.'));
const hostOrWildcard = fc.oneof(host, domain.map(d => `*.${d}`));
const urlPath = fc
  .array(fc.stringMatching(/^[a-z0-9_~-]{1,6}$/), { maxLength: 3 })
  .map(segments => `/${segments.join('/')}`);
const guid = fc.uuid();
const labelMap = fc.dictionary(fc.constantFrom('app', 'example.com/team', 'kubernetes.io/metadata.name'), label, {
  maxKeys: 2,
});
const port = fc.oneof(fc.constantFrom(80, 443, 8080, 15021), fc.integer({ min: 1, max: 65535 }));

const keyVaultCertificate = fc.record(
  {
    keyVaultName: maybe(fc.constantFrom('kv-demo', 'kvprod01')),
    tenantId: maybe(guid),
    identity: fc.record(
      {
        type: fc.constantFrom('user-assigned-managed-identity', 'workload-identity'),
        clientId: guid,
        serviceAccountName: label,
      },
      { requiredKeys: ['clientId'] },
    ),
    objects: fc.oneof(
      fc.record({ source: fc.constant('secrets'), keySecretName: label, certSecretName: label.map(l => `${l}-crt`) }),
      fc.record({ source: fc.constant('certificate'), certificateName: label }),
    ),
    syncWorkload: fc.record({ enabled: fc.boolean(), name: label }, { requiredKeys: [] }),
  },
  { requiredKeys: ['keyVaultName', 'tenantId', 'identity'] },
);

const listener = fc.record(
  {
    name: maybe(label),
    protocol: fc.constantFrom('HTTP', 'HTTPS', 'TLS'),
    port: maybe(port),
    hostname: maybe(hostOrWildcard),
    tls: fc.record(
      {
        mode: fc.constantFrom('Terminate', 'Passthrough'),
        certificateRefs: fc.array(fc.record({ name: label }, { requiredKeys: ['name'] }), { minLength: 1, maxLength: 2 }),
        keyVault: keyVaultCertificate,
      },
      { requiredKeys: [] },
    ),
    allowedRoutes: fc.record({ from: fc.constantFrom('Same', 'All', 'Selector'), selector: labelMap }, { requiredKeys: [] }),
  },
  { requiredKeys: ['name'] },
);

const looseGatewayInput = fc.record(
  {
    cluster: maybe(fc.constantFrom('aks-dev', 'prod.westeurope')),
    name: maybe(label),
    namespace: maybe(fc.oneof(label, fc.constant('aks-istio-ingress'))),
    gatewayClass: maybe(fc.constantFrom('istio', 'azure-alb-external')),
    mode: maybe(fc.constantFrom('automated', 'managed-external')),
    istioRevision: maybe(fc.constantFrom('asm-1-26', 'asm-1-30')),
    listeners: fc.array(listener, { minLength: 1, maxLength: 3 }),
    infrastructure: fc.record(
      {
        internalLoadBalancer: fc.boolean(),
        internalSubnet: maybe(label),
        privateLinkService: fc.record({ name: label, ipAddressCount: fc.integer({ min: 0, max: 9 }) }, { requiredKeys: [] }),
        annotations: fc.dictionary(fc.constantFrom('example.com/a', 'b'), fc.oneof(fc.string(), fc.constantFrom(...INJECTION_ATTEMPTS)), {
          maxKeys: 2,
        }),
      },
      { requiredKeys: [] },
    ),
    customization: fc.record(
      {
        horizontalPodAutoscaler: fc.record(
          { minReplicas: fc.integer({ min: 0, max: 5 }), maxReplicas: fc.integer({ min: 1, max: 8 }), labels: labelMap },
          { requiredKeys: [] },
        ),
        podDisruptionBudget: fc.record(
          { minAvailable: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('50%', 'x%')) },
          { requiredKeys: [] },
        ),
        deployment: fc.record(
          {
            labels: labelMap,
            replicas: fc.integer({ min: 1, max: 4 }),
            resources: fc.record({ requests: fc.record({ cpu: fc.constantFrom('100m', '1', 'lots') }) }),
            nodeSelector: labelMap,
          },
          { requiredKeys: [] },
        ),
        service: fc.record(
          { type: fc.constantFrom('LoadBalancer', 'ClusterIP'), loadBalancerSourceRanges: fc.array(fc.constantFrom('10.0.0.0/8', 'x'), { maxLength: 2 }) },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
    alb: fc.record({ name: label, namespace: label }, { requiredKeys: [] }),
  },
  { requiredKeys: ['cluster', 'name'] },
);

const backend = fc.record(
  { service: maybe(label), namespace: label, port: maybe(port), weight: fc.integer({ min: 0, max: 100 }) },
  { requiredKeys: ['service', 'port'] },
);

export const rawRouteInput = fc.record(
  {
    cluster: fc.constant('aks-dev'),
    name: maybe(label),
    namespace: maybe(label),
    kind: fc.constantFrom('HTTPRoute', 'TLSRoute'),
    gateway: fc.record(
      { name: maybe(label), namespace: label, sectionName: label, port: port },
      { requiredKeys: ['name'] },
    ),
    hostnames: fc.array(maybe(hostOrWildcard), { maxLength: 3 }),
    rules: fc.array(
      fc.record(
        {
          matches: fc.array(
            fc.record({ path: fc.record({ type: fc.constantFrom('PathPrefix', 'Exact'), value: maybe(urlPath) }, { requiredKeys: [] }) }),
            { maxLength: 2 },
          ),
          backends: fc.array(backend, { minLength: 1, maxLength: 3 }),
          urlRewrite: fc.record(
            {
              hostname: host,
              path: fc.record({ type: fc.constantFrom('ReplacePrefixMatch', 'ReplaceFullPath'), value: urlPath }),
            },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: ['backends'] },
      ),
      { minLength: 1, maxLength: 3 },
    ),
    frontDoorHealthProbe: fc.record({ enabled: fc.boolean(), gatewayServiceName: label }, { requiredKeys: [] }),
  },
  { requiredKeys: ['cluster', 'name', 'gateway', 'rules'] },
);

export const rawKeyVaultTlsInput = fc
  .tuple(
    keyVaultCertificate,
    fc.record({ cluster: fc.constant('aks-dev'), namespace: maybe(label), secretName: maybe(label) }, { requiredKeys: ['cluster', 'secretName'] }),
  )
  .map(([certificate, target]) => ({ ...certificate, ...target }));

export const rawEgressInput = fc.record(
  {
    cluster: fc.constant('aks-dev'),
    name: maybe(label),
    hosts: fc.array(maybe(host), { minLength: 1, maxLength: 3 }),
    mode: fc.constantFrom('http', 'tls-passthrough', 'tls-origination'),
    httpPort: maybe(port),
    tlsPort: maybe(port),
    egressGateway: fc.record(
      {
        name: maybe(fc.oneof(label, fc.constantFrom('egress.team-a', 'a'.repeat(53), 'a'.repeat(54)))),
        namespace: label,
        revision: fc.constantFrom('asm-1-26', 'asm-1-28'),
        selectorLabel: label,
      },
      { requiredKeys: ['name'] },
    ),
    staticGatewayConfiguration: fc.record(
      {
        name: label,
        create: fc.boolean(),
        gatewayNodepoolName: fc.constantFrom('gwpool', 'Bad_Pool'),
        provisionPublicIps: fc.boolean(),
        publicIpPrefixSize: fc.integer({ min: 27, max: 31 }),
      },
      { requiredKeys: ['name'] },
    ),
    registryOnly: fc.record({ scope: fc.constantFrom('none', 'mesh', 'namespace'), clientNamespace: label }, { requiredKeys: [] }),
  },
  { requiredKeys: ['cluster', 'name', 'hosts', 'egressGateway'] },
);

export const rawMeshMtlsInput = fc.record(
  {
    cluster: fc.constant('aks-dev'),
    namespace: maybe(fc.oneof(label, fc.constantFrom('kube-system', 'aks-istio-system'))),
    revision: maybe(fc.constantFrom('asm-1-26', 'asm-1-27')),
    createNamespace: fc.boolean(),
    peerAuthenticationName: maybe(label),
  },
  { requiredKeys: ['cluster', 'namespace'] },
);

function listenerTls(protocol: 'HTTP' | 'HTTPS' | 'TLS', index: number) {
  if (protocol === 'TLS') return { tls: fc.constant({ mode: 'Passthrough' }) };
  if (protocol === 'HTTP') return {};
  return {
    tls: fc.record(
      {
        certificateRefs: fc.constant([{ name: `cert-${index}` }]),
        keyVault: keyVaultCertificate.filter(kv => (kv as { keyVaultName: unknown }).keyVaultName === 'kv-demo'),
      },
      { requiredKeys: ['certificateRefs'] },
    ),
  };
}

/** A listener consistent with its protocol (TLS only where the class allows it). */
function coherentListener(index: number, allowTls: boolean) {
  const protocols = allowTls ? (['HTTP', 'HTTPS', 'TLS'] as const) : (['HTTP', 'HTTPS'] as const);
  const allowedRoutes = fc.oneof(
    fc.record({ from: fc.constantFrom('Same', 'All') }),
    fc.record({ from: fc.constant('Selector'), selector: fc.constant({ 'kubernetes.io/metadata.name': 'default' }) }),
  );
  return fc.constantFrom(...protocols).chain(protocol =>
    fc.record(
      {
        name: fc.constant(`listener-${index}`),
        protocol: fc.constant(protocol),
        port: fc.constant(8000 + index),
        hostname: hostOrWildcard,
        allowedRoutes,
        ...listenerTls(protocol, index),
      },
      { requiredKeys: ['name', 'protocol', 'port', 'allowedRoutes'] },
    ),
  );
}

const coherentIstioExtras = fc.record(
  {
    istioRevision: fc.constantFrom('asm-1-26', 'asm-1-30'),
    infrastructure: fc.record(
      {
        internalLoadBalancer: fc.constant(true),
        internalSubnet: label,
        privateLinkService: fc.record({ name: label, ipAddressCount: fc.integer({ min: 1, max: 8 }) }, { requiredKeys: [] }),
      },
      { requiredKeys: ['internalLoadBalancer'] },
    ),
    customization: fc.record(
      {
        horizontalPodAutoscaler: fc
          .integer({ min: 2, max: 5 })
          .chain(min => fc.record({ minReplicas: fc.constant(min), maxReplicas: fc.integer({ min, max: min + 3 }) })),
        podDisruptionBudget: fc.record({ minAvailable: fc.oneof(fc.integer({ min: 0, max: 1 }), fc.constant('50%')) }),
        deployment: fc.record(
          { labels: labelMap, resources: fc.record({ requests: fc.record({ cpu: fc.constantFrom('100m', '1') }) }) },
          { requiredKeys: [] },
        ),
        service: fc.record({ loadBalancerSourceRanges: fc.constant(['10.0.0.0/8']) }),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

/** Inputs that respect the cross-field rules, so most of them reach the builders. */
const coherentGatewayInput = fc
  .constantFrom('istio-automated', 'istio-managed-external', 'alb')
  .chain(flavour =>
    fc
      .tuple(
        label,
        fc.integer({ min: 1, max: 3 }),
        flavour === 'istio-automated' ? coherentIstioExtras : fc.constant({}),
      )
      .chain(([name, listenerCount, extras]) =>
        fc.tuple(...Array.from({ length: listenerCount }, (_, i) => coherentListener(i, flavour !== 'alb'))).map(listeners => ({
          cluster: 'aks-dev',
          name,
          ...(flavour === 'istio-managed-external' ? { mode: 'managed-external' } : {}),
          ...(flavour === 'alb' ? { gatewayClass: 'azure-alb-external', alb: { name: 'alb-test', namespace: 'alb-infra' } } : {}),
          ...extras,
          listeners,
        })),
      ),
  );

export const rawGatewayInput: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: coherentGatewayInput },
  { weight: 1, arbitrary: looseGatewayInput },
);
