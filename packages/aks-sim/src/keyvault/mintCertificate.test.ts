import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mintCertificate } from './mintCertificate';

const DAY_MS = 86_400_000;

describe('mintCertificate', () => {
  const notBefore = new Date(Date.UTC(2025, 0, 1));
  const notAfter = new Date(Date.UTC(2025, 0, 11));

  it('mints a certificate with the requested subject, SANs and validity, matching its key', () => {
    const minted = mintCertificate({ commonName: 'httpbin.example.com', sans: ['httpbin.example.com', 'www.example.com'], notBefore, notAfter });
    const cert = new X509Certificate(minted.certificatePem);
    expect(cert.subject).toBe('CN=httpbin.example.com');
    expect(cert.issuer).toContain('CN=aks-sim Key Vault Test CA');
    expect(cert.subjectAltName).toBe('DNS:httpbin.example.com, DNS:www.example.com');
    expect(new Date(cert.validFrom).getTime()).toBe(notBefore.getTime());
    expect(new Date(cert.validTo).getTime()).toBe(notAfter.getTime());
    expect(cert.checkPrivateKey(createPrivateKey(minted.privateKeyPem))).toBe(true);
  });

  it('signs with a signature OpenSSL verifies (self-signed: verifiable with its own key)', () => {
    const minted = mintCertificate({ commonName: 'self.example.com', issuer: 'self.example.com', notBefore, notAfter });
    const cert = new X509Certificate(minted.certificatePem);
    expect(cert.issuer).toBe('CN=self.example.com');
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.ca).toBe(false);
  });

  it('mints past-dated certificates (expired) as readily as current ones', () => {
    const expired = mintCertificate({ commonName: 'old.example.com', notBefore: new Date(Date.now() - 400 * DAY_MS), notAfter: new Date(Date.now() - DAY_MS) });
    expect(Date.parse(new X509Certificate(expired.certificatePem).validTo)).toBeLessThan(Date.now());
  });

  it('is fast enough to mint per seed object (native RSA signing)', () => {
    mintCertificate({ commonName: 'warm.example.com', notBefore, notAfter });
    const started = Date.now();
    for (let i = 0; i < 20; i++) mintCertificate({ commonName: `host-${i}.example.com`, notBefore, notAfter });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
