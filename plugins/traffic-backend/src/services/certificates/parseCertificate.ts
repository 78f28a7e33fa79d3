import { createHash, X509Certificate } from 'node:crypto';
import type { ParsedCertificate } from '@aks-traffic/backstage-plugin-traffic-common';

const PEM_CERTIFICATE =
  /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Outcome of reading a Secret's `tls.crt`: metadata, or why it could not be read. */
export type CertificateParseResult =
  | { certificate: ParsedCertificate; error?: undefined }
  | { certificate?: undefined; error: string };

/** `CN=foo\nO=bar` (Node's format, one attribute per line) → `foo`. */
function commonName(distinguishedName: string | undefined): string | undefined {
  for (const line of (distinguishedName ?? '').split('\n')) {
    const match = /^CN=(.*)$/.exec(line.trim());
    if (match) {
      return match[1];
    }
  }
  return undefined;
}

/** `DNS:a.example, IP Address:10.0.0.1, URI:spiffe://x` → grouped SANs. */
function subjectAltNames(value: string | undefined): ParsedCertificate['sans'] {
  const sans = { dns: [] as string[], ip: [] as string[], uri: [] as string[] };
  if (!value) {
    return sans;
  }
  for (const raw of value.split(/,\s*/)) {
    const entry = raw.trim().replace(/^"|"$/g, '');
    if (entry.startsWith('DNS:')) {
      sans.dns.push(entry.slice(4));
    } else if (entry.startsWith('IP Address:')) {
      sans.ip.push(entry.slice(11));
    } else if (entry.startsWith('URI:')) {
      sans.uri.push(entry.slice(4));
    }
  }
  return sans;
}

function isoDate(certificate: X509Certificate, which: 'from' | 'to'): string {
  const dated = certificate as X509Certificate & {
    validFromDate?: Date;
    validToDate?: Date;
  };
  const date =
    which === 'from'
      ? dated.validFromDate ?? new Date(certificate.validFrom)
      : dated.validToDate ?? new Date(certificate.validTo);
  return date.toISOString();
}

function signedBy(subject: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/**
 * Parses a PEM bundle (leaf first, then intermediates) into certificate metadata with Node's X.509
 * support. Only certificates are read: private keys in the text are ignored and never returned.
 */
export function parseCertificatePem(pem: string): CertificateParseResult {
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) {
    return { error: 'no PEM certificate found' };
  }
  let chain: X509Certificate[];
  try {
    chain = blocks.map(block => new X509Certificate(block));
  } catch (error) {
    return {
      error: `malformed certificate: ${
        error instanceof Error ? error.message : String(error)
      }`,
    };
  }
  const [leaf] = chain;
  let chainValid = true;
  for (let i = 0; i + 1 < chain.length; i++) {
    if (!signedBy(chain[i], chain[i + 1])) {
      chainValid = false;
    }
  }
  const selfSigned = signedBy(leaf, leaf);
  const sans = subjectAltNames(leaf.subjectAltName);
  const subjectCN = commonName(leaf.subject);
  const issuerCN = commonName(leaf.issuer);
  return {
    certificate: {
      ...(subjectCN ? { subjectCN } : {}),
      sans: {
        dns: sans.dns,
        ip: sans.ip,
        ...(sans.uri && sans.uri.length > 0 ? { uri: sans.uri } : {}),
      },
      ...(issuerCN ? { issuerCN } : {}),
      serial: leaf.serialNumber.toUpperCase(),
      notBefore: isoDate(leaf, 'from'),
      notAfter: isoDate(leaf, 'to'),
      isCA: leaf.ca,
      chainLength: chain.length,
      // A single certificate has no chain to check unless it signs itself.
      ...(chain.length > 1 ? { chainValid } : {}),
      selfSigned,
    },
  };
}

const MEMO_LIMIT = 5000;
const memo = new Map<string, CertificateParseResult>();

/**
 * Decodes a Secret's base64 `tls.crt` value and parses it. Results are shared by digest of the
 * (public) certificate text, so a certificate used by many Secrets or clusters is parsed and kept once.
 */
export function parseTlsCrt(base64: unknown): CertificateParseResult {
  if (typeof base64 !== 'string' || base64 === '') {
    return { error: 'the Secret has no tls.crt' };
  }
  const digest = createHash('sha256').update(base64).digest('base64');
  const known = memo.get(digest);
  if (known) {
    return known;
  }
  const result = parseCertificatePem(Buffer.from(base64, 'base64').toString('utf8'));
  if (memo.size >= MEMO_LIMIT) {
    memo.delete(memo.keys().next().value!);
  }
  memo.set(digest, result);
  return result;
}
