import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expiredCertificate, sharedDataDir } from './certificates';

describe('expiredCertificate', () => {
  const saved = process.env.AKS_SIM_SHARED_DATA;
  afterEach(() => {
    if (saved === undefined) delete process.env.AKS_SIM_SHARED_DATA;
    else process.env.AKS_SIM_SHARED_DATA = saved;
  });

  it('finds ../shared/data beside the repository', () => {
    const dir = sharedDataDir()!;
    expect(path.basename(path.dirname(dir))).toBe('shared');
  });

  const sharedPresent = fs.existsSync(path.join(sharedDataDir() ?? '/nonexistent', 'certs', 'expired-cert.pem'));
  (sharedPresent ? describe : describe.skip)('beside ../shared', () => {
    it('uses the shared expired-cert.pem', () => {
      const expired = expiredCertificate('legacy.example.com');
      expect(expired.source).toBe('shared');
      expect(new X509Certificate(expired.certificatePem).validTo).toBe('Jul  6 17:00:49 2021 GMT');
    });
  });

  it('mints an expired certificate for the hostname in a clone without ../shared', () => {
    process.env.AKS_SIM_SHARED_DATA = '/nonexistent/shared/data';
    const expired = expiredCertificate('legacy.example.com');
    expect(expired.source).toBe('minted');
    const certificate = new X509Certificate(expired.certificatePem);
    expect(Date.parse(certificate.validTo)).toBeLessThan(Date.now());
    expect(certificate.subjectAltName).toBe('DNS:legacy.example.com');
  });
});
