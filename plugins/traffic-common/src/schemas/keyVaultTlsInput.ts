import { z } from 'zod';
import { keyVaultTlsRules } from '../builders/rules/keyVaultRules';
import { createInputParser } from './parse';
import { clusterName, dnsLabel, dnsSubdomain, guid } from './primitives';

const keyVaultName = () =>
  z
    .string()
    .regex(/^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/, {
      message:
        'is not a Key Vault name: use 3-24 letters, digits and single "-", starting with a letter, like "kv-apps-prod"',
    });

const keyVaultObjectName = (example: string) =>
  z.string().regex(/^[0-9a-zA-Z-]{1,127}$/, {
    message: `is not a Key Vault object name: use 1-127 letters, digits and "-", like "${example}"`,
  });

export const keyVaultIdentitySchema = z
  .object({
    type: z
      .enum(['user-assigned-managed-identity', 'workload-identity'])
      .default('user-assigned-managed-identity')
      .describe(
        'How the CSI driver authenticates to Key Vault: the add-on\'s user-assigned managed identity (useVMManagedIdentity) or Microsoft Entra Workload ID (a federated service account).',
      ),
    clientId: guid('client ID').describe(
      'Client ID of the managed identity (for the add-on: addonProfiles.azureKeyvaultSecretsProvider.identity.clientId) or of the workload identity.',
    ),
    serviceAccountName: dnsSubdomain('keyvault-sync')
      .optional()
      .describe(
        'Workload identity only: service account the sync workload runs as, federated with the identity. Defaults to the sync workload name.',
      ),
  })
  .strict()
  .describe('Identity the Key Vault provider uses to read the certificate.');

export const keyVaultObjectsSchema = z
  .object({
    source: z
      .enum(['secrets', 'certificate'])
      .default('secrets')
      .describe(
        '"secrets": the key and the certificate are two Key Vault secrets. "certificate": one Key Vault certificate object, read once as secret (key) and once as cert.',
      ),
    keySecretName: keyVaultObjectName('test-httpbin-key')
      .optional()
      .describe('source "secrets": name of the Key Vault secret holding the PEM private key.'),
    certSecretName: keyVaultObjectName('test-httpbin-crt')
      .optional()
      .describe('source "secrets": name of the Key Vault secret holding the PEM certificate.'),
    certificateName: keyVaultObjectName('test-httpbin-cert-pfx')
      .optional()
      .describe('source "certificate": name of the Key Vault certificate object.'),
    keyAlias: keyVaultObjectName('test-httpbin-key')
      .optional()
      .describe('Alias of the key object in the mount. Defaults to the key secret name, or <certificateName>-key.'),
    certAlias: keyVaultObjectName('test-httpbin-crt')
      .optional()
      .describe('Alias of the certificate object in the mount. Defaults to the cert secret name, or <certificateName>-crt.'),
  })
  .strict()
  .describe('Which Key Vault objects hold the TLS key and certificate.');

export const syncWorkloadSchema = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .describe(
        'Create a small Deployment that mounts the SecretProviderClass. The Secret syncs only while some pod mounts it; turn off only if another workload already does.',
      ),
    name: dnsSubdomain('httpbin-credential-sync', 63)
      .optional()
      .describe('Name of the sync Deployment. Defaults to <secretName>-sync.'),
    image: z
      .string()
      .regex(/^[a-z0-9]+([._\-/][a-z0-9]+)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/, {
        message: 'is not an image reference: use registry/repository:tag, like mcr.microsoft.com/oss/busybox/busybox:1.33.1',
      })
      .default('mcr.microsoft.com/oss/busybox/busybox:1.33.1')
      .describe('Image of the sync container; it only sleeps. Defaults to the busybox image the AKS docs use.'),
  })
  .strict()
  .describe('The workload that keeps the Key Vault Secret synced.');

/** Key Vault fields shared by the TLS journey and an HTTPS listener's `tls.keyVault`. */
export const keyVaultCertificateSchema = z
  .object({
    keyVaultName: keyVaultName().describe('Name of the Azure Key Vault holding the certificate.'),
    tenantId: guid('tenant ID').describe('Microsoft Entra tenant ID of the Key Vault.'),
    cloudName: z
      .enum(['', 'AzurePublicCloud', 'AzureUSGovernmentCloud', 'AzureChinaCloud'])
      .default('')
      .describe('Azure cloud of the Key Vault; empty means the public cloud.'),
    identity: keyVaultIdentitySchema,
    objects: keyVaultObjectsSchema.default({}),
    secretProviderClassName: dnsSubdomain('httpbin-credential-spc')
      .optional()
      .describe('Name of the SecretProviderClass. Defaults to <secretName>-spc.'),
    syncWorkload: syncWorkloadSchema.default({}),
  })
  .strict();

export const keyVaultTlsInputSchema = keyVaultCertificateSchema
  .extend({
    cluster: clusterName(),
    namespace: dnsLabel('default')
      .default('default')
      .describe('Namespace of the Gateway that terminates TLS; the Secret, SecretProviderClass and sync workload go here.'),
    secretName: dnsSubdomain('httpbin-credential').describe(
      'Name of the Kubernetes TLS Secret to sync. The HTTPS listener\'s certificateRefs name must be exactly this.',
    ),
  })
  .strict()
  .describe('Sync a TLS certificate from Azure Key Vault into a Kubernetes Secret for a Gateway listener.');

export type KeyVaultCertificate = z.output<typeof keyVaultCertificateSchema>;
export type KeyVaultTlsInput = z.output<typeof keyVaultTlsInputSchema>;

const keyVaultTlsParser = createInputParser(keyVaultTlsInputSchema, keyVaultTlsRules);
/** Parses raw action input for the Key Vault TLS journey; throws InputValidationError. */
export const parseKeyVaultTlsInput = keyVaultTlsParser.parse;
export const safeParseKeyVaultTlsInput = keyVaultTlsParser.safeParse;
