import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import { keyVaultOf } from '../../keyvault/simulatedKeyVault';
import { base64, DAY_MS, expiredCertificate } from '../certificates';
import { KUBERNETES_ID_LABEL, type SeedWriter } from '../seedWriter';

const GATEWAY_API = 'gateway.networking.k8s.io/v1';
const SPC_API = 'secrets-store.csi.x-k8s.io/v1';
export const HTTPBIN_GATEWAY = 'httpbin-gateway';
const catalog = { [KUBERNETES_ID_LABEL]: 'httpbin' };

/** The httpbin sample (port 8000 -> 8080), as the ingress seed deploys it. */
export function httpbinWorkload(seed: SeedWriter, namespace: string) {
  return seed.workload({
    name: 'httpbin',
    namespace,
    component: 'httpbin',
    version: 'v1',
    image: 'docker.io/mccutchen/go-httpbin:v2.15.0',
    containerPort: 8080,
    servicePorts: [{ name: 'http', port: 8000, targetPort: 8080 }],
  });
}

function spc(name: string, secretName: string, keyVaultName: string, certificateObject: string): KubeObject {
  // The seed's "certificate object" variant: one Key Vault certificate mounted as key (+chain) and cert.
  return {
    apiVersion: SPC_API,
    kind: 'SecretProviderClass',
    metadata: { name, namespace: 'default', labels: catalog },
    spec: {
      provider: 'azure',
      secretObjects: [
        {
          secretName,
          type: 'kubernetes.io/tls',
          data: [
            { objectName: `${certificateObject}-key`, key: 'tls.key' },
            { objectName: `${certificateObject}-crt`, key: 'tls.crt' },
          ],
        },
      ],
      parameters: {
        useVMManagedIdentity: 'true',
        userAssignedIdentityID: '00000000-0000-0000-0000-00000000a115',
        keyvaultName: keyVaultName,
        cloudName: '',
        objects: [
          'array:',
          '  - |',
          `    objectName: ${certificateObject}`,
          '    objectType: secret',
          `    objectAlias: "${certificateObject}-key"`,
          '  - |',
          `    objectName: ${certificateObject}`,
          '    objectType: cert',
          `    objectAlias: "${certificateObject}-crt"`,
        ].join('\n'),
        tenantId: '00000000-0000-0000-0000-0000000000aa',
      },
    },
  };
}

function route(name: string, namespace: string, sectionName: string, hostname: string, paths: string[], backend = 'httpbin'): KubeObject {
  return {
    apiVersion: GATEWAY_API,
    kind: 'HTTPRoute',
    metadata: { name, namespace, labels: catalog },
    spec: {
      parentRefs: [{ name: HTTPBIN_GATEWAY, namespace: 'default', sectionName }],
      hostnames: [hostname],
      rules: [{ matches: paths.map(value => ({ path: { type: 'PathPrefix', value } })), backendRefs: [{ name: backend, port: 8000 }] }],
    },
  };
}

/**
 * Istio Gateway API ingress with TLS from Key Vault (seed `istio-gateway-api-ingress-aks`), in a
 * realistic mixed state: a healthy HTTP route, an HTTPS listener whose Key Vault certificate is
 * synced (expires in 10 days), one whose SecretProviderClass no pod mounts (InvalidCertificateRef),
 * one serving an expired certificate from a plain Secret, and a route another namespace may not attach.
 */
export function seedHttpbinIngress(seed: SeedWriter): void {
  const now = new Date();
  const vault = keyVaultOf(seed.cluster);
  httpbinWorkload(seed, 'default');

  // Key Vault: the synced certificate expires in 10 days; the unsynced one is fine but unmounted.
  vault.setCertificate('httpbin-example-com', {
    commonName: 'httpbin.example.com',
    sans: ['httpbin.example.com'],
    notBefore: new Date(now.getTime() - 355 * DAY_MS),
    notAfter: new Date(now.getTime() + 10 * DAY_MS),
  });
  vault.setCertificate('api-example-com', {
    commonName: 'api.example.com',
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + 364 * DAY_MS),
  });
  seed.apply(spc('httpbin-credential-spc', 'httpbin-credential', vault.name, 'httpbin-example-com'));
  seed.apply(spc('api-credential-spc', 'api-credential', vault.name, 'api-example-com'));
  // The sync workload: only while a pod mounts the class does the CSI driver write the Secret.
  seed.apply({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'secrets-store-sync-httpbin', namespace: 'default', labels: { app: 'secrets-store-sync-httpbin', ...catalog } },
    spec: {
      containers: [
        {
          name: 'busybox',
          image: 'mcr.microsoft.com/oss/busybox/busybox:1.33.1',
          command: ['/bin/sleep', 'infinity'],
          volumeMounts: [{ name: 'secrets-store01-inline', mountPath: '/mnt/secrets-store', readOnly: true }],
        },
      ],
      volumes: [
        {
          name: 'secrets-store01-inline',
          csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'httpbin-credential-spc' } },
        },
      ],
    },
  });

  const expired = expiredCertificate('legacy.example.com', now);
  seed.apply({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'legacy-tls', namespace: 'default', labels: catalog, annotations: { 'aks-sim/certificate-source': expired.source } },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': base64(expired.certificatePem), 'tls.key': base64(expired.privateKeyPem) },
  });

  const https = (name: string, hostname: string, secret: string) => ({
    name,
    hostname,
    port: 443,
    protocol: 'HTTPS',
    tls: { mode: 'Terminate', certificateRefs: [{ name: secret }] },
    allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'default' } } } },
  });
  seed.apply({
    apiVersion: GATEWAY_API,
    kind: 'Gateway',
    metadata: { name: HTTPBIN_GATEWAY, namespace: 'default' },
    spec: {
      gatewayClassName: 'istio',
      listeners: [
        { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } },
        https('https', 'httpbin.example.com', 'httpbin-credential'),
        https('https-api', 'api.example.com', 'api-credential'),
        https('https-legacy', 'legacy.example.com', 'legacy-tls'),
      ],
    },
  });
  seed.applyAll([
    route('http', 'default', 'http', 'httpbin.example.com', ['/get']),
    route('httpbin', 'default', 'https', 'httpbin.example.com', ['/status', '/delay']),
    route('httpbin-api', 'default', 'https-api', 'api.example.com', ['/anything']),
    route('httpbin-legacy', 'default', 'https-legacy', 'legacy.example.com', ['/']),
  ]);

  // A preview copy in its own namespace tries the `Same`-only HTTP listener: NotAllowedByListeners.
  seed.namespace('httpbin-preview');
  httpbinWorkload(seed, 'httpbin-preview');
  seed.apply(route('httpbin-preview', 'httpbin-preview', 'http', 'preview.httpbin.example.com', ['/']));
}
