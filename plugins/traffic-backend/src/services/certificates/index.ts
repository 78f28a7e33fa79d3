export { parseCertificatePem, parseTlsCrt } from './parseCertificate';
export type { CertificateParseResult } from './parseCertificate';
