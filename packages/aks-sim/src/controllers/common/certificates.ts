import { X509Certificate } from 'node:crypto';

/** Decodes a Secret data value (base64) to text; `stringData`-style plain values pass through. */
export function decodeSecretValue(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return Buffer.from(value, 'base64').toString('utf8');
  } catch {
    return undefined;
  }
}

/** A Secret value as text, from `data` (base64) or, if a store kept it, `stringData`. */
export function secretText(
  secret: { data?: Record<string, string>; stringData?: Record<string, string> },
  key: string,
): string | undefined {
  const encoded = secret.data?.[key];
  return encoded !== undefined ? decodeSecretValue(encoded) : secret.stringData?.[key];
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;
const PEM_KEY = /-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]+?-----END \1PRIVATE KEY-----/;

/**
 * Checks a kubernetes.io/tls Secret the way Istio does before it serves it, returning Go's
 * crypto/tls error wording (which Istio copies into the listener condition) or undefined when valid.
 */
export function tlsSecretProblem(secret: {
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}): string | undefined {
  const crt = secretText(secret, 'tls.crt');
  const key = secretText(secret, 'tls.key');
  if (!crt || !PEM_CERT.test(crt)) return 'tls: failed to find any PEM data in certificate input';
  if (!key || !PEM_KEY.test(key)) return 'tls: failed to find any PEM data in key input';
  return parsesAsX509(crt.match(PEM_CERT)![0]) ? undefined : 'x509: malformed certificate';
}

function parsesAsX509(pem: string): boolean {
  try {
    return new X509Certificate(pem).raw.length > 0;
  } catch {
    return false;
  }
}
