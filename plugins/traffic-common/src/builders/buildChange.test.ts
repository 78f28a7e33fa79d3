import type { KubeObject } from '../kube/types';
import { InputValidationError } from '../schemas/errors';
import { buildChange, BuildChangeContext } from './buildChange';
import { crdErrors } from './__testUtils__/seeds';

/** ConfigMap data, typed for the assertions. */
const dataOf = (object: KubeObject) => object.data as Record<string, string>;

const V121: BuildChangeContext = { gatewayApiVersion: 'v1.2.1', istioRevision: 'asm-1-26' };
const V151: BuildChangeContext = { gatewayApiVersion: 'v1.5.1', istioRevision: 'asm-1-30' };

function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputValidationError);
    return (error as InputValidationError).issues;
  }
  throw new Error('expected an InputValidationError');
}

const passthroughGateway = {
  cluster: 'c',
  name: 'gw',
  listeners: [{ name: 'tls', protocol: 'TLS', hostname: 'db.example.com', tls: { mode: 'Passthrough' } }],
};

describe('buildChange', () => {
  it('orders a Key Vault HTTPS gateway: ConfigMap and SPC before the Deployment, Gateway last', () => {
    const { objects, warnings } = buildChange(
      'gateway',
      {
        cluster: 'c',
        name: 'httpbin-gateway',
        customization: { horizontalPodAutoscaler: { minReplicas: 2, maxReplicas: 4 } },
        listeners: [
          {
            name: 'https',
            protocol: 'HTTPS',
            tls: {
              certificateRefs: [{ name: 'httpbin-credential' }],
              keyVault: {
                keyVaultName: 'kv-demo',
                tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
                identity: { clientId: '7f0c2d3e-1a2b-4c5d-8e9f-0a1b2c3d4e5f' },
                objects: { keySecretName: 'k', certSecretName: 'c' },
              },
            },
          },
        ],
      },
      V121,
    );
    expect(objects.map(o => o.kind)).toEqual(['ConfigMap', 'SecretProviderClass', 'Deployment', 'Gateway']);
    expect(warnings.join('\n')).toContain('Secret httpbin-credential exists only while Deployment httpbin-credential-sync mounts');
    expect(crdErrors(objects, 'v1.2.1')).toEqual([]);
  });

  it('refuses TLS passthrough on Gateway API v1.2.1 and explains why', () => {
    const issues = issuesOf(() => buildChange('gateway', passthroughGateway, V121));
    // Both reasons: the bundle has no TLSRoute, and asm-1-26 predates TLSRoute v1 support.
    expect(issues.map(issue => issue.field)).toEqual(['listeners[0].protocol', 'listeners[0].protocol']);
    expect(issues[1].message).toContain('asm-1-30+');
    expect(issues[0].field).toBe('listeners[0].protocol');
    expect(issues[0].message).toMatch(/needs Gateway API v1\.5\.1\+.*this cluster has v1\.2\.1.*protocol HTTPS, mode Terminate/);
  });

  it('refuses a TLSRoute on v1.2.1 and on an Istio revision older than asm-1-30', () => {
    const route = {
      cluster: 'c',
      name: 'db',
      kind: 'TLSRoute',
      gateway: { name: 'gw' },
      hostnames: ['db.example.com'],
      rules: [{ backends: [{ service: 'db', port: 5432 }] }],
    };
    expect(issuesOf(() => buildChange('route', route, V121))[0].field).toBe('kind');
    const old = issuesOf(() => buildChange('route', route, { gatewayApiVersion: 'v1.5.1', istioRevision: 'asm-1-28' }));
    expect(old[0].message).toContain('asm-1-30+');
    const { objects } = buildChange('route', route, V151);
    expect(crdErrors(objects, 'v1.5.1')).toEqual([]);
  });

  it('accepts TLS passthrough on v1.5.1, and the objects validate there', () => {
    const { objects } = buildChange('gateway', passthroughGateway, V151);
    expect(crdErrors(objects, 'v1.5.1')).toEqual([]);
  });

  it('checks a route against the live Gateway: listener, namespace and hostname (wildcard semantics)', () => {
    const gateway: KubeObject = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'gateway', namespace: 'aks-istio-ingress' },
      spec: {
        listeners: [
          { name: 'default', hostname: '*.aks.rocks', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'All' } } },
          { name: 'internal', protocol: 'HTTP', port: 8080, allowedRoutes: { namespaces: { from: 'Same' } } },
        ],
      },
    };
    const route = (hostnames: string[], sectionName?: string) => ({
      cluster: 'c',
      name: 'store',
      namespace: 'pets',
      gateway: { name: 'gateway', namespace: 'aks-istio-ingress', sectionName },
      hostnames,
      rules: [{ backends: [{ service: 'store-front', port: 80 }] }],
    });
    const context = { ...V121, parentGateway: gateway };
    expect(buildChange('route', route(['store.aks.rocks', 'a.b.aks.rocks']), context).objects).toHaveLength(1);
    const outside = issuesOf(() => buildChange('route', route(['store.example.com']), context));
    expect(outside).toEqual([
      { field: 'hostnames[0]', message: '"store.example.com" is outside the listener hostname (*.aks.rocks): use a hostname the listener serves' },
    ]);
    expect(issuesOf(() => buildChange('route', route(['aks.rocks']), context))[0].field).toBe('hostnames[0]');
    expect(issuesOf(() => buildChange('route', route(['*.rocks']), context))[0].message).toContain('wider than the listener');
    expect(issuesOf(() => buildChange('route', route([], 'internal'), context))[0].field).toBe('namespace');
    expect(issuesOf(() => buildChange('route', route([], 'nope'), context))[0].message).toContain('use one of default, internal');
  });

  it('enforces the 500 egress gateway limit when the named gateway is new', () => {
    const egress = { cluster: 'c', name: 'cnn', hosts: ['edition.cnn.com'], egressGateway: { name: 'egress-new' } };
    const issues = issuesOf(() =>
      buildChange('egress', egress, { ...V121, egressGatewayExists: false, existingEgressGatewayCount: 500 }),
    );
    expect(issues[0]).toEqual({
      field: 'egressGateway.name',
      message: 'would make 501 egress gateways but AKS allows 500 per cluster: reuse an existing egress gateway or disable one first',
    });
    const ok = buildChange('egress', egress, { ...V121, egressGatewayExists: false, existingEgressGatewayCount: 499 });
    expect(ok.warnings[0]).toContain('az aks mesh enable-egress-gateway --istio-egressgateway-name egress-new');
    // An existing gateway does not count again.
    expect(() => buildChange('egress', egress, { ...V121, egressGatewayExists: true, existingEgressGatewayCount: 500 })).not.toThrow();
  });

  it('adds REGISTRY_ONLY mesh-wide (merged into the live MeshConfig) or per namespace', () => {
    const base = { cluster: 'c', name: 'cnn', hosts: ['edition.cnn.com'], egressGateway: { name: 'egress-a' } };
    const mesh = buildChange('egress', { ...base, registryOnly: { scope: 'mesh' } }, { ...V121, sharedMeshConfig: 'accessLogFile: /dev/stdout' });
    const configMap = mesh.objects.find(o => o.kind === 'ConfigMap')!;
    expect(configMap.metadata).toEqual({ name: 'istio-shared-configmap-asm-1-26', namespace: 'aks-istio-system' });
    expect(dataOf(configMap).mesh).toBe('accessLogFile: /dev/stdout\noutboundTrafficPolicy:\n  mode: REGISTRY_ONLY');
    expect(mesh.objects[0].kind).toBe('ConfigMap');
    const perNamespace = buildChange('egress', { ...base, registryOnly: { scope: 'namespace', clientNamespace: 'shop' } }, V121);
    expect(perNamespace.objects.map(o => o.kind)).toEqual([
      'Sidecar',
      'ServiceEntry',
      'Gateway',
      'DestinationRule',
      'VirtualService',
    ]);
    const noRevision = issuesOf(() => buildChange('egress', { ...base, registryOnly: { scope: 'mesh' } }, { gatewayApiVersion: 'v1.2.1' }));
    expect(noRevision[0].field).toBe('egressGateway.revision');
  });

  it('builds mesh mTLS with the cluster revision', () => {
    const { objects } = buildChange('mesh-mtls', { cluster: 'c', namespace: 'test-infra' }, V121);
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual(['Namespace/test-infra', 'PeerAuthentication/default']);
    expect(objects[0].metadata.labels).toEqual({ 'istio.io/rev': 'asm-1-26' });
  });

  it('builds the Key Vault journey on its own', () => {
    const { objects } = buildChange(
      'key-vault-tls',
      {
        cluster: 'c',
        secretName: 'httpbin-credential',
        keyVaultName: 'kv-demo',
        tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        identity: { clientId: '7f0c2d3e-1a2b-4c5d-8e9f-0a1b2c3d4e5f' },
        objects: { source: 'certificate', certificateName: 'httpbin-cert' },
      },
      V121,
    );
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'SecretProviderClass/httpbin-credential-spc',
      'Deployment/httpbin-credential-sync',
    ]);
  });

  it('rejects an unknown journey and a malformed version with field-named errors', () => {
    expect(issuesOf(() => buildChange('nope' as never, {}, V121))[0].field).toBe('journey');
    expect(issuesOf(() => buildChange('gateway', {}, { gatewayApiVersion: '1.2' }))[0].field).toBe('gatewayApiVersion');
  });

  it('is a sanity check that the validator sees what v1.2.1 rejects', () => {
    const https: KubeObject = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'gw', namespace: 'default' },
      spec: { gatewayClassName: 'istio', listeners: [{ name: 'https', port: 443, protocol: 'HTTPS', tls: { mode: 'Passthrough' } }] },
    };
    expect(crdErrors([https], 'v1.2.1').join('\n')).toContain('tls mode must be Terminate for protocol HTTPS');
  });
});
