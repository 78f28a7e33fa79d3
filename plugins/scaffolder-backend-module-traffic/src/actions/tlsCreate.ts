import { safeParseKeyVaultTlsInput } from '@aks-traffic/backstage-plugin-traffic-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { deliveryInputSchema } from './shared/deliveryInput';
import { trafficOutputSchema } from './shared/outputSchema';
import { runTrafficAction, setOutputs } from './shared/runTrafficAction';
import { TrafficBackendClient } from './shared/trafficClient';
import { examples } from './tlsCreate.examples';

export const TLS_CREATE_ACTION_ID = 'traffic:tls:create';

/**
 * `traffic:tls:create`: sync a TLS certificate from Azure Key Vault into a Kubernetes Secret
 * (SecretProviderClass with `secretObjects` of type kubernetes.io/tls, and the small workload
 * that mounts it so the Secret exists) for an HTTPS listener's certificateRefs.
 */
export function createTlsCreateAction(options: {
  client: TrafficBackendClient;
}) {
  return createTemplateAction({
    id: TLS_CREATE_ACTION_ID,
    description:
      'Syncs a TLS certificate from Azure Key Vault into a Kubernetes Secret for a Gateway listener (SecretProviderClass + sync workload), written as YAML files or applied through the traffic backend.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...deliveryInputSchema,
        namespace: z =>
          z
            .string()
            .optional()
            .describe(
              'Namespace of the Gateway that terminates TLS; the Secret, SecretProviderClass and sync workload go here. Default "default".',
            ),
        secretName: z =>
          z
            .string()
            .describe(
              "Name of the TLS Secret to sync; the HTTPS listener's certificateRefs name must be exactly this.",
            ),
        keyVaultName: z =>
          z
            .string()
            .describe('Name of the Azure Key Vault holding the certificate.'),
        tenantId: z =>
          z.string().describe('Microsoft Entra tenant ID of the Key Vault.'),
        cloudName: z =>
          z
            .string()
            .optional()
            .describe(
              'Azure cloud: empty (public, default), AzurePublicCloud, AzureUSGovernmentCloud or AzureChinaCloud.',
            ),
        identity: z =>
          z
            .object({
              type: z
                .enum(['user-assigned-managed-identity', 'workload-identity'])
                .optional()
                .describe(
                  "The add-on's managed identity (default) or Workload ID.",
                ),
              clientId: z
                .string()
                .describe(
                  'Client ID of the identity (addonProfiles.azureKeyvaultSecretsProvider.identity.clientId for the add-on).',
                ),
              serviceAccountName: z
                .string()
                .optional()
                .describe('Workload ID: the federated service account.'),
            })
            .describe('Identity the Key Vault provider reads with.'),
        objects: z =>
          z
            .object({
              source: z
                .enum(['secrets', 'certificate'])
                .optional()
                .describe(
                  'secrets (default): key and certificate are two Key Vault secrets. certificate: one Key Vault certificate object.',
                ),
              keySecretName: z
                .string()
                .optional()
                .describe(
                  'source secrets: Key Vault secret with the PEM key, e.g. test-httpbin-key.',
                ),
              certSecretName: z
                .string()
                .optional()
                .describe(
                  'source secrets: Key Vault secret with the PEM certificate, e.g. test-httpbin-crt.',
                ),
              certificateName: z
                .string()
                .optional()
                .describe(
                  'source certificate: the Key Vault certificate object.',
                ),
            })
            .passthrough()
            .optional()
            .describe('Which Key Vault objects hold the key and certificate.'),
        secretProviderClassName: z =>
          z
            .string()
            .optional()
            .describe(
              'Name of the SecretProviderClass. Default <secretName>-spc.',
            ),
        syncWorkload: z =>
          z
            .object({
              enabled: z
                .boolean()
                .optional()
                .describe(
                  'Create the Deployment that mounts the SecretProviderClass (default true); the Secret exists only while a pod mounts it.',
                ),
              name: z
                .string()
                .optional()
                .describe(
                  'Name of the sync Deployment. Default <secretName>-sync.',
                ),
              image: z
                .string()
                .optional()
                .describe(
                  'Image of the sleeping sync container. Default mcr.microsoft.com/oss/busybox/busybox:1.33.1.',
                ),
            })
            .optional()
            .describe('The workload that keeps the Secret synced.'),
      },
      output: trafficOutputSchema,
    },
    async handler(ctx) {
      const output = await runTrafficAction(
        ctx,
        {
          actionId: TLS_CREATE_ACTION_ID,
          journey: 'key-vault-tls',
          safeParse: safeParseKeyVaultTlsInput,
        },
        options.client,
      );
      setOutputs(ctx, output);
    },
  });
}
