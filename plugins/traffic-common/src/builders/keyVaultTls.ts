import { dump } from 'js-yaml';
import type { KubeObject } from '../kube/types';
import type { KeyVaultCertificate } from '../schemas/keyVaultTlsInput';
import { keyVaultObjectAliases } from './rules/keyVaultRules';
import { boundedName, compact, SECRET_PROVIDER_CLASS_API_VERSION } from './names';

export const SECRETS_STORE_CSI_DRIVER = 'secrets-store.csi.k8s.io';
const SYNC_VOLUME = 'secrets-store01-inline';
const SYNC_MOUNT_PATH = '/mnt/secrets-store';

export interface KeyVaultTlsTarget {
  namespace: string;
  /** The kubernetes.io/tls Secret to sync; the listener's certificateRefs name. */
  secretName: string;
  keyVault: KeyVaultCertificate;
}

export function secretProviderClassName(target: KeyVaultTlsTarget): string {
  return target.keyVault.secretProviderClassName ?? boundedName(`${target.secretName}-spc`, 253);
}

export function syncWorkloadName(target: KeyVaultTlsTarget): string {
  return target.keyVault.syncWorkload.name ?? boundedName(`${target.secretName}-sync`, 63);
}

function serviceAccountNameFor(target: KeyVaultTlsTarget): string {
  return target.keyVault.identity.serviceAccountName ?? syncWorkloadName(target);
}

/**
 * The `objects` parameter: a YAML string holding an `array` of YAML strings, exactly the shape
 * the seed writes by hand. Built with a YAML serializer from validated names, never by concatenation.
 */
export function keyVaultObjectsParameter(keyVault: KeyVaultCertificate): string {
  const { objects } = keyVault;
  const aliases = keyVaultObjectAliases(objects);
  const entries =
    objects.source === 'certificate'
      ? [
          // Read as "secret", a certificate object yields the private key (with the chain).
          { objectName: objects.certificateName, objectType: 'secret', objectAlias: aliases.key },
          { objectName: objects.certificateName, objectType: 'cert', objectAlias: aliases.cert },
        ]
      : [
          { objectName: objects.keySecretName, objectType: 'secret', objectAlias: aliases.key },
          { objectName: objects.certSecretName, objectType: 'secret', objectAlias: aliases.cert },
        ];
  return dump({ array: entries.map(entry => dump(entry, { lineWidth: -1 })) }, { lineWidth: -1 });
}

function identityParameters(keyVault: KeyVaultCertificate): Record<string, string> {
  if (keyVault.identity.type === 'workload-identity') {
    return { usePodIdentity: 'false', clientID: keyVault.identity.clientId };
  }
  return { useVMManagedIdentity: 'true', userAssignedIdentityID: keyVault.identity.clientId };
}

/** SecretProviderClass syncing a kubernetes.io/tls Secret from Key Vault (ingress seed). */
export function buildSecretProviderClass(target: KeyVaultTlsTarget): KubeObject {
  const { keyVault } = target;
  const aliases = keyVaultObjectAliases(keyVault.objects);
  return {
    apiVersion: SECRET_PROVIDER_CLASS_API_VERSION,
    kind: 'SecretProviderClass',
    metadata: { name: secretProviderClassName(target), namespace: target.namespace },
    spec: {
      provider: 'azure',
      secretObjects: [
        {
          secretName: target.secretName,
          type: 'kubernetes.io/tls',
          data: [
            { objectName: aliases.key, key: 'tls.key' },
            { objectName: aliases.cert, key: 'tls.crt' },
          ],
        },
      ],
      parameters: {
        ...identityParameters(keyVault),
        keyvaultName: keyVault.keyVaultName,
        cloudName: keyVault.cloudName,
        objects: keyVaultObjectsParameter(keyVault),
        tenantId: keyVault.tenantId,
      },
    },
  };
}

/** Service account for workload identity, annotated with the identity's client ID. */
export function buildWorkloadIdentityServiceAccount(target: KeyVaultTlsTarget): KubeObject | undefined {
  const { identity, syncWorkload } = target.keyVault;
  if (identity.type !== 'workload-identity' || !syncWorkload.enabled) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name: serviceAccountNameFor(target),
      namespace: target.namespace,
      annotations: { 'azure.workload.identity/client-id': identity.clientId },
    },
  };
}

/**
 * The CSI driver creates the Secret only while a pod mounts the SecretProviderClass, so a tiny
 * Deployment keeps one mounted (the seed uses a one-off Pod that sleeps 10s; a Deployment keeps
 * the Secret in sync and survives node drains). It runs unprivileged and does nothing else.
 */
export function buildSecretSyncDeployment(target: KeyVaultTlsTarget): KubeObject | undefined {
  const { keyVault } = target;
  if (!keyVault.syncWorkload.enabled) return undefined;
  const name = syncWorkloadName(target);
  const workloadIdentity = keyVault.identity.type === 'workload-identity';
  const selector = { 'app.kubernetes.io/name': name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: target.namespace,
      labels: { ...selector, 'app.kubernetes.io/component': 'secrets-store-sync' },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: selector },
      template: {
        metadata: {
          labels: workloadIdentity ? { ...selector, 'azure.workload.identity/use': 'true' } : { ...selector },
        },
        spec: compact({
          serviceAccountName: workloadIdentity ? serviceAccountNameFor(target) : undefined,
          automountServiceAccountToken: false,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'busybox',
              image: keyVault.syncWorkload.image,
              command: ['/bin/sh', '-c', 'while true; do sleep 3600; done'],
              resources: { requests: { cpu: '1m', memory: '8Mi' }, limits: { memory: '16Mi' } },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [{ name: SYNC_VOLUME, mountPath: SYNC_MOUNT_PATH, readOnly: true }],
            },
          ],
          volumes: [
            {
              name: SYNC_VOLUME,
              csi: {
                driver: SECRETS_STORE_CSI_DRIVER,
                readOnly: true,
                volumeAttributes: { secretProviderClass: secretProviderClassName(target) },
              },
            },
          ],
        }),
      },
    },
  };
}

/** Everything that makes a Key Vault certificate appear as a TLS Secret, in apply order. */
export function buildKeyVaultTlsObjects(target: KeyVaultTlsTarget): KubeObject[] {
  return [
    buildSecretProviderClass(target),
    buildWorkloadIdentityServiceAccount(target),
    buildSecretSyncDeployment(target),
  ].filter((object): object is KubeObject => object !== undefined);
}
