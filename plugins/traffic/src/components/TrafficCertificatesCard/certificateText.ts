import type {
  CertificateSource,
  CertificateView,
  StatusState,
} from '@aks-traffic/backstage-plugin-traffic-common';
import { formatDaysLeft } from '../shared/objectRefs';

/** Maps certificate states onto the shared status colours. */
export function certificateStatus(certificate: CertificateView): StatusState {
  switch (certificate.state) {
    case 'ok':
      return 'ok';
    case 'warning':
      return 'warning';
    case 'not-synced':
      return 'pending';
    default:
      return 'error';
  }
}

/** "expires in 10 days", "expired 35 days ago", or why there is no date to show. */
export function expiryText(certificate: CertificateView): string {
  if (certificate.state === 'not-synced') {
    return 'Not synced from Key Vault yet';
  }
  if (certificate.state === 'missing') {
    return 'Secret not found';
  }
  if (certificate.daysLeft === undefined) {
    return 'Expiry unknown';
  }
  return formatDaysLeft(certificate.daysLeft);
}

export function sourceText(source: CertificateSource): string {
  switch (source.type) {
    case 'key-vault': {
      const vault = source.keyVaultName
        ? `Key Vault ${source.keyVaultName}${
            source.objectName ? ` (${source.objectName})` : ''
          }`
        : 'Azure Key Vault';
      return `${vault} via SecretProviderClass ${source.secretProviderClass}`;
    }
    case 'cert-manager':
      return `cert-manager Certificate ${source.certificate}`;
    default:
      return 'Kubernetes Secret';
  }
}

/** Why a Key Vault certificate has no Secret yet; the CSI driver only syncs while a pod mounts it. */
export function notSyncedExplanation(
  source: CertificateSource,
): string | undefined {
  if (source.type !== 'key-vault' || source.synced) {
    return undefined;
  }
  return `Not synced yet: the Secrets Store CSI driver creates the Secret only while a pod mounts SecretProviderClass ${source.secretProviderClass}.`;
}
