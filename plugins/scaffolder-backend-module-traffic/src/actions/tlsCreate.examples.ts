import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'js-yaml';

const step = (name: string, input: Record<string, unknown>) =>
  yaml.dump({
    steps: [{ id: 'tls', action: 'traffic:tls:create', name, input }],
  });

/** Seed scenarios for `traffic:tls:create` (the examples test runs every one). */
export const examples: TemplateExample[] = [
  {
    description:
      "Key and certificate as two Key Vault secrets, read with the add-on's managed identity (Key Vault TLS seed).",
    example: step('Sync httpbin-credential from Key Vault', {
      cluster: 'aks-prod-weu',
      namespace: 'default',
      secretName: 'httpbin-credential',
      keyVaultName: 'kv-apps-prod',
      tenantId: '11111111-2222-3333-4444-555555555555',
      identity: { clientId: '66666666-7777-8888-9999-000000000000' },
      objects: {
        source: 'secrets',
        keySecretName: 'test-httpbin-key',
        certSecretName: 'test-httpbin-crt',
      },
      secretProviderClassName: 'httpbin-credential-spc',
    }),
  },
  {
    description:
      'One Key Vault certificate object (read as key and as cert), written to the workspace.',
    example: step('Sync from a Key Vault certificate', {
      cluster: 'aks-prod-weu',
      delivery: 'files',
      path: 'traffic/tls.yaml',
      secretName: 'httpbin-credential',
      keyVaultName: 'kv-apps-prod',
      tenantId: '11111111-2222-3333-4444-555555555555',
      identity: { clientId: '66666666-7777-8888-9999-000000000000' },
      objects: {
        source: 'certificate',
        certificateName: 'test-httpbin-cert-pfx',
      },
    }),
  },
];
