import type { CertificateView } from '@aks-traffic/backstage-plugin-traffic-common';

const base = {
  gatewayRef: {
    kind: 'Gateway',
    name: 'httpbin-gateway',
    namespace: 'default',
  },
  listenerName: 'https',
  secretRef: {
    kind: 'Secret',
    name: 'httpbin-credential',
    namespace: 'default',
  },
  hostnames: ['httpbin.example.com'],
  sans: { dns: ['httpbin.example.com'], ip: [] },
  subject: 'httpbin.example.com',
  issuer: 'example.com',
  serial: '00',
  chain: { state: 'ok', length: 2, message: 'Leaf and issuer, chain verified' },
  source: {
    type: 'key-vault',
    secretProviderClass: 'httpbin-credential-spc',
    synced: true,
    keyVaultName: 'kv-aks-traffic',
    objectName: 'test-httpbin-crt',
  },
} satisfies Partial<CertificateView>;

export const healthyCertificate: CertificateView = {
  ...base,
  notBefore: '2025-01-01T00:00:00Z',
  notAfter: '2026-06-01T00:00:00Z',
  daysLeft: 190,
  state: 'ok',
  covers: [{ hostname: 'httpbin.example.com', covered: true, via: 'san' }],
};

export const expiringCertificate: CertificateView = {
  ...base,
  listenerName: 'https-admin',
  secretRef: { kind: 'Secret', name: 'admin-credential', namespace: 'default' },
  hostnames: ['admin.example.com', 'legacy.example.org'],
  sans: { dns: ['admin.example.com'], ip: [] },
  subject: 'admin.example.com',
  notAfter: '2025-12-01T00:00:00Z',
  daysLeft: 10,
  state: 'warning',
  covers: [
    { hostname: 'admin.example.com', covered: true, via: 'san' },
    { hostname: 'legacy.example.org', covered: false },
  ],
  source: { type: 'secret' },
  problem: 'Certificate admin-credential expires in 10 days (2025-12-01)',
  fix: 'Upload a renewed certificate; routes stop serving TLS once it expires.',
};

export const expiredCertificate: CertificateView = {
  ...base,
  listenerName: 'https-legacy',
  secretRef: {
    kind: 'Secret',
    name: 'legacy-credential',
    namespace: 'default',
  },
  hostnames: ['legacy.example.com'],
  sans: { dns: [], ip: [] },
  subject: 'legacy.example.com',
  issuer: 'legacy.example.com',
  notAfter: '2025-10-17T00:00:00Z',
  daysLeft: -35,
  state: 'expired',
  covers: [
    { hostname: 'legacy.example.com', covered: true, via: 'common-name' },
  ],
  chain: {
    state: 'warning',
    length: 1,
    message: 'Self-signed certificate: clients will not trust it',
  },
  source: { type: 'cert-manager', certificate: 'legacy-cert' },
  problem: 'Certificate legacy-credential expired 35 days ago',
  fix: 'Renew the certificate; check why cert-manager Certificate legacy-cert did not renew it.',
};

export const notSyncedCertificate: CertificateView = {
  gatewayRef: {
    kind: 'Gateway',
    name: 'aks-istio-ingressgateway-external',
    namespace: 'aks-istio-ingress',
  },
  listenerName: 'https',
  secretRef: {
    kind: 'Secret',
    name: 'aks-rocks-credential',
    namespace: 'aks-istio-ingress',
  },
  hostnames: ['store.aks.rocks'],
  sans: { dns: [], ip: [] },
  state: 'not-synced',
  covers: [{ hostname: 'store.aks.rocks', covered: false }],
  chain: { state: 'unknown', message: 'No certificate to check yet' },
  source: {
    type: 'key-vault',
    secretProviderClass: 'aks-rocks-credential-spc',
    synced: false,
    keyVaultName: 'kv-aks-traffic',
    objectName: 'aks-rocks-cert',
  },
  problem:
    'Secret aks-rocks-credential not found: the Key Vault secret syncs only while a pod mounts SecretProviderClass aks-rocks-credential-spc',
  fix: 'Deploy (or restart) the sync workload that mounts aks-rocks-credential-spc.',
};
