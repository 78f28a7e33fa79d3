import fs from 'node:fs';
import path from 'node:path';
import { mintCertificate, type MintedCertificate } from '../keyvault/mintCertificate';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `../shared/data` beside the repository (found from this package's own package.json, which
 * works from source and from a build), or `AKS_SIM_SHARED_DATA`. A clone without it still works:
 * callers fall back to minted material.
 */
export function sharedDataDir(): string | undefined {
  if (process.env.AKS_SIM_SHARED_DATA) return process.env.AKS_SIM_SHARED_DATA;
  try {
    const packageDir = path.dirname(require.resolve('@aks-traffic/aks-sim/package.json'));
    return path.resolve(packageDir, '../../../shared/data');
  } catch {
    return undefined;
  }
}

export interface ExpiredCertificate extends MintedCertificate {
  /** Where the certificate came from: the shared test PEM, or minted by the simulator. */
  source: 'shared' | 'minted';
}

/**
 * An expired certificate for a plain kubernetes.io/tls Secret: the shared `expired-cert.pem`
 * (notAfter 2021-07-06) when the repository sits beside `../shared`, else one minted with a
 * notAfter 30 days in the past. The shared file has no private key, so its Secret carries the
 * simulator's leaf key; the simulated istiod only checks that both parse (see the README).
 */
export function expiredCertificate(hostname: string, now = new Date()): ExpiredCertificate {
  const minted = mintCertificate({
    commonName: hostname,
    notBefore: new Date(now.getTime() - 395 * DAY_MS),
    notAfter: new Date(now.getTime() - 30 * DAY_MS),
  });
  const dataDir = sharedDataDir();
  try {
    const certificatePem = dataDir ? fs.readFileSync(path.join(dataDir, 'certs', 'expired-cert.pem'), 'utf8') : '';
    if (certificatePem.includes('-----BEGIN CERTIFICATE-----')) {
      return { certificatePem, privateKeyPem: minted.privateKeyPem, source: 'shared' };
    }
  } catch {
    // No ../shared beside this clone: the minted certificate is just as expired.
  }
  return { ...minted, source: 'minted' };
}

let scaleCertificate: MintedCertificate | undefined;

/** One real certificate reused by every load-scale TLS Secret (minting 500 would take seconds). */
export function loadScaleCertificate(): MintedCertificate {
  scaleCertificate ??= mintCertificate({
    commonName: '*.scale.example.com',
    sans: ['*.scale.example.com'],
    notBefore: new Date(Date.now() - DAY_MS),
    notAfter: new Date(Date.now() + 365 * DAY_MS),
  });
  return scaleCertificate;
}

export function base64(text: string): string {
  return Buffer.from(text).toString('base64');
}

export { DAY_MS };
