import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCertificatePem, parseTlsCrt } from './parseCertificate';

const fixture = (name: string) =>
  readFileSync(resolve(__dirname, '../../__fixtures__/certs', name), 'utf8');

describe('parseCertificatePem', () => {
  it('reads the expired self-signed certificate', () => {
    const { certificate } = parseCertificatePem(fixture('expired-cert.pem'));
    expect(certificate).toMatchObject({
      subjectCN: 'Root',
      issuerCN: 'Root',
      notBefore: '2021-07-05T17:00:49.000Z',
      notAfter: '2021-07-06T17:00:49.000Z',
      chainLength: 1,
      selfSigned: true,
    });
    expect(certificate!.serial).toMatch(/^[0-9A-F]+$/);
  });

  it('reads a leaf + intermediate bundle: URI SANs, serial as openssl prints it, a valid chain', () => {
    const { certificate } = parseCertificatePem(fixture('istio-samples-workload-foo-cert.pem'));
    expect(certificate).toMatchObject({
      sans: { dns: [], ip: [], uri: ['spiffe://trust-domain-foo/ns/foo/sa/foo'] },
      issuerCN: 'Istio CA',
      serial: '56B993119A3099BBE3C6286ACB4B6A09BE820C91',
      notAfter: '2033-01-30T18:20:57.000Z',
      isCA: false,
      chainLength: 2,
      chainValid: true,
      selfSigned: false,
    });
    expect(certificate!.subjectCN).toBeUndefined();
  });

  it('flags a bundle whose certificates do not sign each other', () => {
    const leaf = fixture('istio-samples-workload-foo-cert.pem').split('-----END CERTIFICATE-----')[0];
    const bundle = `${leaf}-----END CERTIFICATE-----\n${fixture('expired-cert.pem')}`;
    const { certificate } = parseCertificatePem(bundle);
    expect(certificate).toMatchObject({ chainLength: 2, chainValid: false });
  });

  it('knows a CA certificate', () => {
    expect(parseCertificatePem(fixture('istio-samples-root-cert.pem')).certificate).toMatchObject({
      isCA: true,
      selfSigned: true,
    });
  });

  it('ignores private keys in the text and never returns them', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const result = parseCertificatePem(`${keyPem}\n${fixture('expired-cert.pem')}`);
    expect(result.certificate?.subjectCN).toBe('Root');
    expect(JSON.stringify(result)).not.toContain('PRIVATE KEY');
  });

  it('explains what it cannot read', () => {
    expect(parseCertificatePem('not a certificate')).toEqual({ error: 'no PEM certificate found' });
    expect(parseCertificatePem('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----').error).toMatch(
      /^malformed certificate/,
    );
    expect(parseTlsCrt(undefined)).toEqual({ error: 'the Secret has no tls.crt' });
  });

  it('decodes tls.crt from base64', () => {
    const base64 = Buffer.from(fixture('expired-cert.pem')).toString('base64');
    expect(parseTlsCrt(base64).certificate?.subjectCN).toBe('Root');
  });
});
