import { dump, loadAll } from 'js-yaml';
import { buildChange } from '../builders/buildChange';
import { InputIssue, InputValidationError } from './errors';
import { parseEgressInput, safeParseEgressInput } from './egressInput';
import { parseGatewayInput, safeParseGatewayInput } from './gatewayInput';
import { safeParseKeyVaultTlsInput } from './keyVaultTlsInput';
import { safeParseMeshMtlsInput } from './meshMtlsInput';
import { parseRouteInput, safeParseRouteInput } from './routeInput';

function issues(result: { success: true } | { success: false; error: InputValidationError }): InputIssue[] {
  if (result.success) throw new Error('expected the input to be rejected');
  return result.error.issues;
}

const keyVault = {
  keyVaultName: 'kv-demo',
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  identity: { clientId: '7f0c2d3e-1a2b-4c5d-8e9f-0a1b2c3d4e5f' },
  objects: { keySecretName: 'k', certSecretName: 'c' },
};

describe('defaults', () => {
  it('gives a minimal Gateway one HTTP listener on 80 in "default", allowing routes from Same', () => {
    expect(parseGatewayInput({ cluster: 'c', name: 'gw' })).toEqual({
      cluster: 'c',
      name: 'gw',
      namespace: 'default',
      gatewayClass: 'istio',
      mode: 'automated',
      listeners: [{ name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { from: 'Same' } }],
    });
  });

  it('puts the managed external ingress Gateway in aks-istio-ingress and HTTPS on 443', () => {
    const input = parseGatewayInput({
      cluster: 'c',
      name: 'gw',
      mode: 'managed-external',
      listeners: [{ name: 'https', protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'cert' }] } }],
    });
    expect(input.namespace).toBe('aks-istio-ingress');
    expect(input.listeners[0].port).toBe(443);
    expect(input.listeners[0].tls?.mode).toBe('Terminate');
  });

  it('applies the egress seed defaults (namespace aks-istio-egress, ports 80/443, mode http)', () => {
    const input = parseEgressInput({ cluster: 'c', name: 'cnn', hosts: ['edition.cnn.com'], egressGateway: { name: 'egress' } });
    expect(input).toMatchObject({
      mode: 'http',
      httpPort: 80,
      tlsPort: 443,
      egressGateway: { namespace: 'aks-istio-egress' },
      registryOnly: { scope: 'none' },
    });
  });

  it('accepts numeric strings for ports, as templates often pass them', () => {
    const route = parseRouteInput({ cluster: 'c', name: 'r', gateway: { name: 'gw' }, rules: [{ backends: [{ service: 's', port: '8000' }] }] });
    expect(route.rules[0].backends[0].port).toBe(8000);
  });

  it('parses its own output to the same value (actions may parse twice)', () => {
    const once = parseGatewayInput({ cluster: 'c', name: 'gw', mode: 'managed-external' });
    expect(parseGatewayInput(once)).toEqual(once);
  });
});

describe('errors name the field, the value and the fix', () => {
  it('explains a double wildcard hostname', () => {
    const result = safeParseGatewayInput({
      cluster: 'c',
      name: 'gw',
      listeners: [
        { name: 'http', protocol: 'HTTP' },
        { name: 'web', protocol: 'HTTP', port: 8080, hostname: '*.*.example.com' },
      ],
    });
    expect(issues(result)).toEqual([
      {
        field: 'listeners[1].hostname',
        message:
          '"*.*.example.com" is not a valid hostname: use one wildcard label at most, and only as the first label, like *.example.com',
      },
    ]);
    expect(result.success || result.error.message).toBe(
      'listeners[1].hostname: "*.*.example.com" is not a valid hostname: use one wildcard label at most, and only as the first label, like *.example.com',
    );
  });

  it.each([
    [{ cluster: 'c' }, 'name', 'is required: provide a string'],
    [{ cluster: 'c', name: 'Web' }, 'name', '"Web" is not a valid DNS-1123 label'],
    [{ cluster: 'c', name: 'gw', colour: 'blue' }, 'colour', 'is not a known field: remove it or check its spelling'],
    [{ cluster: 'c', name: 'gw', gatewayClass: 'nginx' }, 'gatewayClass', '"nginx" is not allowed: use one of istio, azure-alb-external'],
    [{ cluster: 'c', name: 'gw', listeners: [] }, 'listeners', 'needs at least 1 item(s): add one'],
    [{ cluster: 'c', name: '1gw' }, 'name', 'must start with a letter: Istio creates the Service "1gw-istio"'],
    [{ cluster: 'c', name: 'g'.repeat(60) }, 'name', 'use at most 57 characters'],
    [
      { cluster: 'c', name: 'gw', listeners: [{ name: 'https', protocol: 'HTTPS', tls: { mode: 'Passthrough' } }] },
      'listeners[0].tls.mode',
      'Passthrough is not allowed with protocol HTTPS (the Gateway API only terminates HTTPS): use protocol TLS',
    ],
    [
      { cluster: 'c', name: 'gw', listeners: [{ name: 'https', protocol: 'HTTPS' }] },
      'listeners[0].tls',
      'is required for HTTPS',
    ],
    [
      { cluster: 'c', name: 'gw', customization: { horizontalPodAutoscaler: { minReplicas: 1 } } },
      'customization.horizontalPodAutoscaler.minReplicas',
      '1 is below the AKS minimum: an Istio gateway HPA needs minReplicas of at least 2',
    ],
    [
      { cluster: 'c', name: 'gw', customization: { horizontalPodAutoscaler: { minReplicas: 4, maxReplicas: 3 } } },
      'customization.horizontalPodAutoscaler.maxReplicas',
      '3 is below minReplicas (4)',
    ],
    [
      { cluster: 'c', name: 'gw', listeners: [{ name: 'web', allowedRoutes: { from: 'Selector' } }] },
      'listeners[0].allowedRoutes.selector',
      'is required with from Selector',
    ],
    [{ cluster: 'c', name: 'gw', gatewayClass: 'azure-alb-external' }, 'alb', 'is required for azure-alb-external'],
    [{ cluster: 'c', name: 'gw', mode: 'managed-external', namespace: 'web' }, 'namespace', 'the Gateway must be in aks-istio-ingress'],
    [
      { cluster: 'c', name: 'gw', infrastructure: { privateLinkService: {} } },
      'infrastructure.privateLinkService',
      'needs an internal load balancer',
    ],
    [
      {
        cluster: 'c',
        name: 'gw',
        listeners: [{ name: 'https', protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'a' }, { name: 'b' }], keyVault } }],
      },
      'listeners[0].tls.certificateRefs',
      'with keyVault, give exactly one Secret',
    ],
    [
      { cluster: 'c', name: 'gw', listeners: [{ name: 'a' }, { name: 'a', port: 81 }] },
      'listeners[1].name',
      '"a" is already used by listeners[0]',
    ],
  ])('gateway %j -> %s', (raw, field, message) => {
    const found = issues(safeParseGatewayInput(raw));
    expect(found.map(issue => issue.field)).toContain(field);
    expect(found.find(issue => issue.field === field)!.message).toContain(message);
  });

  it.each([
    [{ rules: [{ backends: [{ service: 's', port: 70000 }] }] }, 'rules[0].backends[0].port', 'is not a valid port'],
    [{ rules: [{ backends: [] }] }, 'rules[0].backends', 'needs at least 1 item(s)'],
    [{ hostnames: ['10.0.0.1'], rules: [{ backends: [{ service: 's', port: 80 }] }] }, 'hostnames[0]', 'IP addresses'],
    [
      { rules: [{ matches: [{ path: { value: '/a//b' } }], backends: [{ service: 's', port: 80 }] }] },
      'rules[0].matches[0].path.value',
      'must not contain "//"',
    ],
    [
      { rules: [{ urlRewrite: { path: { value: '/x' } }, backends: [{ service: 's', port: 80 }] }] },
      'rules[0].urlRewrite.path',
      'ReplacePrefixMatch needs exactly one PathPrefix match',
    ],
    [{ kind: 'TLSRoute', rules: [{ backends: [{ service: 's', port: 80 }] }] }, 'hostnames', 'are required for a TLSRoute'],
    [
      { rules: [{ backends: [{ service: 's', port: 80, weight: 0 }] }] },
      'rules[0].backends',
      'all have weight 0',
    ],
  ])('route %j -> %s', (partial, field, message) => {
    const found = issues(safeParseRouteInput({ cluster: 'c', name: 'r', gateway: { name: 'gw' }, ...partial }));
    expect(found.find(issue => issue.field === field)?.message).toContain(message);
  });

  it.each([
    [{ egressGateway: { name: 'e'.repeat(54) } }, 'egressGateway.name', 'AKS egress gateway names have at most 53 characters'],
    [{ egressGateway: { name: 'Egress' } }, 'egressGateway.name', 'is not a valid egress gateway name'],
    [{ hosts: ['*.cnn.com'] }, 'hosts[0]', 'wildcards are not allowed'],
    [{ registryOnly: { scope: 'namespace' } }, 'registryOnly.clientNamespace', 'is required with scope namespace'],
    [{ staticGatewayConfiguration: { name: 'sgc', create: true } }, 'staticGatewayConfiguration.gatewayNodepoolName', 'is required'],
    [{ tlsPort: 80 }, 'tlsPort', 'is the same as httpPort'],
  ])('egress %j -> %s', (partial, field, message) => {
    const found = issues(
      safeParseEgressInput({ cluster: 'c', name: 'cnn', hosts: ['edition.cnn.com'], egressGateway: { name: 'egress' }, ...partial }),
    );
    expect(found.find(issue => issue.field === field)?.message).toContain(message);
  });

  it.each([
    [{ objects: { source: 'secrets', keySecretName: 'k' } }, 'objects.certSecretName', 'is required when source is "secrets"'],
    [{ objects: { source: 'certificate' } }, 'objects.certificateName', 'is required when source is "certificate"'],
    [{ objects: { keySecretName: 'same', certSecretName: 'same' } }, 'objects.keySecretName', 'the same name "same"'],
    [{ keyVaultName: 'kv--x' }, 'keyVaultName', 'is not a Key Vault name'],
    [{ tenantId: 'contoso' }, 'tenantId', 'is not a GUID'],
  ])('key vault %j -> %s', (partial, field, message) => {
    const found = issues(safeParseKeyVaultTlsInput({ cluster: 'c', secretName: 'cert', ...keyVault, ...partial }));
    expect(found.find(issue => issue.field === field)?.message).toContain(message);
  });

  it('refuses strict mTLS in platform namespaces', () => {
    expect(issues(safeParseMeshMtlsInput({ cluster: 'c', namespace: 'kube-system' }))[0]).toMatchObject({
      field: 'namespace',
    });
  });

  it('names the whole input when it is not an object', () => {
    expect(issues(safeParseGatewayInput('gateway'))).toEqual([
      { field: 'input', message: '"gateway" has the wrong type: expected a set of fields (object), not string' },
    ]);
  });
});

describe('injection attempts', () => {
  const attempts = ['a\nkind: Secret', 'x: y', '--- ', 'a\r\nb', '{a: 1}', '[a]', 'a #b', '&anchor', '*alias', '"quoted"', "it's", 'a\u2028b'];

  it.each(attempts)('rejects %j in every name and hostname field', attempt => {
    const gateway = issues(
      safeParseGatewayInput({
        cluster: attempt,
        name: attempt,
        namespace: attempt,
        istioRevision: attempt,
        listeners: [{ name: attempt, hostname: attempt, allowedRoutes: { from: 'Selector', selector: { [attempt]: attempt } } }],
      }),
    ).map(issue => issue.field);
    expect(gateway).toEqual(
      expect.arrayContaining(['cluster', 'name', 'namespace', 'istioRevision', 'listeners[0].name', 'listeners[0].hostname']),
    );
    expect(gateway.some(field => field.startsWith('listeners[0].allowedRoutes.selector'))).toBe(true);
    const route = issues(
      safeParseRouteInput({
        cluster: 'c',
        name: attempt,
        gateway: { name: attempt, sectionName: attempt },
        hostnames: [attempt],
        rules: [{ matches: [{ path: { value: `/${attempt}` } }], backends: [{ service: attempt, port: 80 }] }],
      }),
    ).map(issue => issue.field);
    expect(route).toEqual(
      expect.arrayContaining(['name', 'gateway.name', 'gateway.sectionName', 'hostnames[0]', 'rules[0].backends[0].service']),
    );
    const egress = issues(
      safeParseEgressInput({ cluster: 'c', name: attempt, hosts: [attempt], egressGateway: { name: attempt, selectorLabel: attempt } }),
    ).map(issue => issue.field);
    expect(egress).toEqual(expect.arrayContaining(['name', 'hosts[0]', 'egressGateway.name', 'egressGateway.selectorLabel']));
    const keyVaultIssues = issues(
      safeParseKeyVaultTlsInput({
        cluster: 'c',
        secretName: attempt,
        ...keyVault,
        keyVaultName: attempt,
        objects: { keySecretName: attempt, certSecretName: 'c' },
        syncWorkload: { image: attempt },
      }),
    ).map(issue => issue.field);
    expect(keyVaultIssues).toEqual(
      expect.arrayContaining(['secretName', 'keyVaultName', 'objects.keySecretName', 'syncWorkload.image']),
    );
  });

  it('rejects line breaks in free-text annotation values', () => {
    const found = issues(
      safeParseGatewayInput({
        cluster: 'c',
        name: 'gw',
        infrastructure: { annotations: { 'example.com/note': 'a\nkind: Secret' } },
      }),
    );
    expect(found[0]).toMatchObject({ field: 'infrastructure.annotations["example.com/note"]' });
    expect(found[0].message).toContain('must be a single line');
  });

  it('keeps YAML-looking single-line text a plain string value: one document, one object', () => {
    const { objects } = buildChange(
      'gateway',
      { cluster: 'c', name: 'gw', infrastructure: { annotations: { 'example.com/note': 'x: y --- kind: Secret' } } },
      { gatewayApiVersion: 'v1.2.1' },
    );
    const text = objects.map(object => dump(object)).join('---\n');
    const documents = loadAll(text);
    expect(documents).toEqual(objects);
    expect(objects[0].spec.infrastructure.annotations['example.com/note']).toBe('x: y --- kind: Secret');
  });
});
