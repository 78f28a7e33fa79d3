import { load } from 'js-yaml';
import type { KubeObject } from '../kube/types';
import { parseGatewayInput } from '../schemas/gatewayInput';
import { buildGateway, buildGatewayObjects, MANAGED_EXTERNAL_INGRESS_ADDRESS } from './gateway';
import { buildGatewayCustomizationConfigMap } from './gatewayCustomization';
import { gatewayCustomizationConfigMapRules } from './rules/customizationRules';
import { crdErrors, seedManifest } from './__testUtils__/seeds';

/** ConfigMap data, typed for the assertions. */
const dataOf = (object: KubeObject) => object.data as Record<string, string>;

const INGRESS_SEED = 'istio-gateway-api-ingress-aks';

/** kubectl apply without -n puts namespaced objects in "default"; builders always name it. */
function inNamespace(object: KubeObject, namespace: string): KubeObject {
  return { ...object, metadata: { ...object.metadata, namespace } };
}

describe('buildGateway against the seeds', () => {
  it('builds the HTTP Gateway of the Istio Gateway API ingress seed', () => {
    const input = parseGatewayInput({
      cluster: 'aks-demo',
      name: 'httpbin-gateway',
      listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { from: 'Same' } }],
    });
    expect(buildGateway(input)).toEqual(inNamespace(seedManifest(INGRESS_SEED, 'Gateway', 'httpbin-gateway', 0), 'default'));
  });

  it('builds the HTTPS/Terminate Gateway with a namespace selector (TLS section of the seed)', () => {
    const input = parseGatewayInput({
      cluster: 'aks-demo',
      name: 'httpbin-gateway',
      listeners: [
        {
          name: 'https',
          hostname: 'httpbin.example.com',
          port: 443,
          protocol: 'HTTPS',
          tls: { mode: 'Terminate', certificateRefs: [{ name: 'httpbin-credential' }] },
          allowedRoutes: { from: 'Selector', selector: { 'kubernetes.io/metadata.name': 'default' } },
        },
      ],
    });
    expect(buildGateway(input)).toEqual(inNamespace(seedManifest(INGRESS_SEED, 'Gateway', 'httpbin-gateway', 1), 'default'));
  });

  it('programs the managed external ingress with a single Hostname address (managed external ingress seed)', () => {
    const input = parseGatewayInput({
      cluster: 'aks-demo',
      name: 'gateway',
      mode: 'managed-external',
      listeners: [{ name: 'default', hostname: '*.aks.rocks', protocol: 'HTTP', port: 80, allowedRoutes: { from: 'All' } }],
    });
    const seed = seedManifest('gateway-api-managed-istio-external-ingress', 'Gateway', 'gateway');
    const built = buildGateway(input);
    // The seed writes the short Service name; Istio expands a dot-less Hostname address to
    // <name>.<gateway namespace>.svc.cluster.local, which is what we write.
    const [seedAddress] = seed.spec.addresses;
    expect(`${seedAddress.value}.${seed.metadata.namespace}.svc.cluster.local`).toBe(MANAGED_EXTERNAL_INGRESS_ADDRESS);
    expect(built).toEqual({
      ...seed,
      spec: { ...seed.spec, addresses: [{ type: 'Hostname', value: MANAGED_EXTERNAL_INGRESS_ADDRESS }] },
    });
    expect(built.metadata.namespace).toBe('aks-istio-ingress');
  });

  it('builds the Application Gateway for Containers Gateway with ALB annotations (AGC seed)', () => {
    const input = parseGatewayInput({
      cluster: 'aks-demo',
      name: 'gateway-01',
      namespace: 'test-infra',
      gatewayClass: 'azure-alb-external',
      alb: { name: 'alb-test', namespace: 'alb-test-infra' },
      listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { from: 'All' } }],
    });
    expect(buildGateway(input)).toEqual(seedManifest('app-gateway-for-containers-istio', 'Gateway', 'gateway-01'));
  });

  it('uses the alb-id annotation for a bring-your-own Application Gateway for Containers', () => {
    const id =
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-agc/providers/Microsoft.ServiceNetworking/trafficControllers/agc-prod';
    const input = parseGatewayInput({ cluster: 'c', name: 'gw', gatewayClass: 'azure-alb-external', alb: { id } });
    expect(buildGateway(input).metadata.annotations).toEqual({ 'alb.networking.azure.io/alb-id': id });
  });

  it('puts load balancer annotations under spec.infrastructure.annotations (seed "Annotation customizations")', () => {
    const input = parseGatewayInput({
      cluster: 'c',
      name: 'httpbin-gateway',
      infrastructure: { internalLoadBalancer: true, internalSubnet: 'my-subnet' },
    });
    // Seed snippet: spec.infrastructure.annotations
    expect(buildGateway(input).spec.infrastructure).toEqual({
      annotations: {
        'service.beta.kubernetes.io/azure-load-balancer-internal': 'true',
        'service.beta.kubernetes.io/azure-load-balancer-internal-subnet': 'my-subnet',
      },
    });
  });

  it('adds Private Link Service annotations for Front Door on an internal load balancer', () => {
    const input = parseGatewayInput({
      cluster: 'c',
      name: 'ingress',
      infrastructure: {
        internalLoadBalancer: true,
        privateLinkService: { name: 'pls-ingress', subnet: 'snet-pls', ipAddressCount: 2, proxyProtocol: false },
      },
    });
    expect(buildGateway(input).spec.infrastructure.annotations).toEqual({
      'service.beta.kubernetes.io/azure-load-balancer-internal': 'true',
      'service.beta.kubernetes.io/azure-pls-create': 'true',
      'service.beta.kubernetes.io/azure-pls-name': 'pls-ingress',
      'service.beta.kubernetes.io/azure-pls-ip-configuration-subnet': 'snet-pls',
      'service.beta.kubernetes.io/azure-pls-ip-configuration-ip-address-count': '2',
      'service.beta.kubernetes.io/azure-pls-proxy-protocol': 'false',
    });
  });

  it('pins the control plane revision with the istio.io/rev label', () => {
    const input = parseGatewayInput({ cluster: 'c', name: 'gw', istioRevision: 'asm-1-26' });
    expect(buildGateway(input).metadata.labels).toEqual({ 'istio.io/rev': 'asm-1-26' });
  });

  it('builds a TLS passthrough listener as protocol TLS + mode Passthrough without certificates', () => {
    const input = parseGatewayInput({
      cluster: 'c',
      name: 'gw',
      listeners: [{ name: 'tls', protocol: 'TLS', hostname: 'db.example.com', tls: { mode: 'Passthrough' } }],
    });
    const gateway = buildGateway(input);
    expect(gateway.spec.listeners).toEqual([
      {
        name: 'tls',
        hostname: 'db.example.com',
        port: 443,
        protocol: 'TLS',
        tls: { mode: 'Passthrough' },
        allowedRoutes: { namespaces: { from: 'Same' } },
      },
    ]);
    expect(crdErrors([gateway], 'v1.5.1')).toEqual([]);
  });
});

describe('Gateway customization ConfigMap', () => {
  it('matches the per-gateway ConfigMap of the seed and is referenced by parametersRef', () => {
    const input = parseGatewayInput({
      cluster: 'c',
      name: 'httpbin-gateway',
      customization: {
        configMapName: 'gw-options',
        horizontalPodAutoscaler: { minReplicas: 2, maxReplicas: 4 },
        deployment: { labels: { 'test.azureservicemesh.io/deployment-config': 'updated-per-gateway' } },
      },
    });
    const configMap = buildGatewayCustomizationConfigMap({
      gatewayName: input.name,
      namespace: input.namespace,
      customization: input.customization!,
    })!;
    const seed = seedManifest(INGRESS_SEED, 'ConfigMap', 'gw-options');
    expect(configMap.metadata).toEqual({ name: 'gw-options', namespace: 'default' });
    expect(Object.keys(dataOf(configMap))).toEqual(Object.keys(dataOf(seed)));
    for (const key of Object.keys(dataOf(seed))) {
      expect(load(dataOf(configMap)[key])).toEqual(load(dataOf(seed)[key]));
    }
    // Seed snippet: spec.infrastructure.parametersRef
    expect(buildGateway(input).spec.infrastructure).toEqual({
      parametersRef: { group: '', kind: 'ConfigMap', name: 'gw-options' },
    });
  });

  it('writes resources, scheduling, Service and PDB settings at allow-listed paths only', () => {
    const input = parseGatewayInput({
      cluster: 'c',
      name: 'gw',
      customization: {
        deployment: {
          replicas: 3,
          podAnnotations: { 'example.com/team': 'payments' },
          resources: { requests: { cpu: '500m', memory: '256Mi' }, limits: { memory: '1Gi' } },
          nodeSelector: { 'kubernetes.azure.com/mode': 'system' },
          tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }],
        },
        service: { loadBalancerSourceRanges: ['203.0.113.0/24'], externalTrafficPolicy: 'Local' },
        podDisruptionBudget: { minAvailable: 1 },
      },
    });
    const [configMap, gateway] = buildGatewayObjects(input);
    expect(gateway.kind).toBe('Gateway');
    expect(load(dataOf(configMap).deployment)).toEqual({
      spec: {
        replicas: 3,
        template: {
          metadata: { annotations: { 'example.com/team': 'payments' } },
          spec: {
            containers: [{ name: 'istio-proxy', resources: { requests: { cpu: '500m', memory: '256Mi' }, limits: { memory: '1Gi' } } }],
            nodeSelector: { 'kubernetes.azure.com/mode': 'system' },
            tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }],
          },
        },
      },
    });
    expect(load(dataOf(configMap).service)).toEqual({
      spec: { loadBalancerSourceRanges: ['203.0.113.0/24'], externalTrafficPolicy: 'Local' },
    });
    expect(load(dataOf(configMap).podDisruptionBudget)).toEqual({ spec: { minAvailable: 1 } });
    expect(configMap.metadata.name).toBe('gw-options'); // default <gateway>-options
    expect(gatewayCustomizationConfigMapRules(configMap)).toEqual([]);
  });
});

describe('buildGatewayObjects', () => {
  it('adds Key Vault sync objects before the Gateway, with certificateRefs equal to the SPC secretName', () => {
    const input = parseGatewayInput({
      cluster: 'c',
      name: 'httpbin-gateway',
      listeners: [
        {
          name: 'https',
          protocol: 'HTTPS',
          hostname: 'httpbin.example.com',
          tls: {
            certificateRefs: [{ name: 'httpbin-credential' }],
            keyVault: {
              keyVaultName: 'kv-traffic-demo',
              tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
              identity: { clientId: '7f0c2d3e-1a2b-4c5d-8e9f-0a1b2c3d4e5f' },
              objects: { keySecretName: 'test-httpbin-key', certSecretName: 'test-httpbin-crt' },
            },
          },
        },
      ],
    });
    const objects = buildGatewayObjects(input);
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'SecretProviderClass/httpbin-credential-spc',
      'Deployment/httpbin-credential-sync',
      'Gateway/httpbin-gateway',
    ]);
    const [spc, , gateway] = objects;
    expect(gateway.spec.listeners[0].tls.certificateRefs[0].name).toBe(spc.spec.secretObjects[0].secretName);
    expect(crdErrors(objects, 'v1.2.1')).toEqual([]);
  });

  it('grants a Gateway access to a certificate Secret in another namespace', () => {
    const input = parseGatewayInput({
      cluster: 'c',
      name: 'gw',
      namespace: 'ingress',
      listeners: [
        { name: 'https', protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'wildcard-cert', namespace: 'certs' }] } },
      ],
    });
    const objects = buildGatewayObjects(input);
    expect(objects[0]).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'ingress-gateway-gw', namespace: 'certs' },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'ingress' }],
        to: [{ group: '', kind: 'Secret', name: 'wildcard-cert' }],
      },
    });
    expect(crdErrors(objects, 'v1.2.1')).toEqual([]);
  });
});
