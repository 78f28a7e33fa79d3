import type { InputIssue } from '../../schemas/errors';
import type { KeyVaultCertificate, KeyVaultTlsInput } from '../../schemas/keyVaultTlsInput';
import { childField } from './fieldPath';

/** Which aliases the mount uses for the key and the certificate (the seed's defaults). */
export function keyVaultObjectAliases(objects: KeyVaultCertificate['objects']): { key: string; cert: string } {
  if (objects.source === 'certificate') {
    return {
      key: objects.keyAlias ?? `${objects.certificateName}-key`,
      cert: objects.certAlias ?? `${objects.certificateName}-crt`,
    };
  }
  return {
    key: objects.keyAlias ?? objects.keySecretName ?? '',
    cert: objects.certAlias ?? objects.certSecretName ?? '',
  };
}

/** Rules for the Key Vault part, wherever it sits in a journey's input. */
export function keyVaultCertificateRules(input: KeyVaultCertificate, at: string): InputIssue[] {
  const issues: InputIssue[] = [];
  const objectsAt = childField(at, 'objects');
  const { objects, identity } = input;
  if (objects.source === 'secrets') {
    for (const field of ['keySecretName', 'certSecretName'] as const) {
      if (!objects[field]) {
        issues.push({
          field: childField(objectsAt, field),
          message: `is required when source is "secrets": name the Key Vault secret that holds the ${field === 'keySecretName' ? 'private key' : 'certificate'}`,
        });
      }
    }
    if (objects.certificateName) {
      issues.push({
        field: childField(objectsAt, 'certificateName'),
        message: 'is only used when source is "certificate": remove it or set source to "certificate"',
      });
    }
  } else {
    if (!objects.certificateName) {
      issues.push({
        field: childField(objectsAt, 'certificateName'),
        message: 'is required when source is "certificate": name the Key Vault certificate object',
      });
    }
    for (const field of ['keySecretName', 'certSecretName'] as const) {
      if (objects[field]) {
        issues.push({
          field: childField(objectsAt, field),
          message: 'is only used when source is "secrets": remove it or set source to "secrets"',
        });
      }
    }
  }
  if (issues.length === 0) {
    const aliases = keyVaultObjectAliases(objects);
    if (aliases.key === aliases.cert) {
      issues.push({
        field: childField(objectsAt, objects.keyAlias ? 'keyAlias' : 'keySecretName'),
        message: `gives the key and the certificate the same name "${aliases.key}": use two different Key Vault objects or aliases`,
      });
    }
  }
  if (identity.type === 'user-assigned-managed-identity' && identity.serviceAccountName) {
    issues.push({
      field: childField(childField(at, 'identity'), 'serviceAccountName'),
      message: 'is only used with workload identity: remove it or set identity.type to "workload-identity"',
    });
  }
  return issues;
}

export function keyVaultTlsRules(input: KeyVaultTlsInput): InputIssue[] {
  return keyVaultCertificateRules(input, '');
}
