import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

export interface CertificateRequest {
  commonName: string;
  sans?: string[];
  notBefore: Date;
  notAfter: Date;
  /** Issuer common name; defaults to a simulator CA. Use the subject's CN for self-signed. */
  issuer?: string;
}

export interface MintedCertificate {
  certificatePem: string;
  privateKeyPem: string;
}

interface Signer {
  nodeKey: KeyObject;
  publicKey: forge.pki.rsa.PublicKey;
  keyPem: string;
}

// RSA keys from Node's native generator (forge's pure-JS RSA 2048 takes seconds); one leaf key and
// one CA key per issuer name are reused: the simulator needs valid certificates, not unique keys.
let leafSigner: Signer | undefined;
const issuers = new Map<string, { signer: Signer; cert: forge.pki.Certificate }>();

function newSigner(): Signer {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  return { nodeKey: privateKey, publicKey: forge.pki.setRsaPublicKey(key.n, key.e), keyPem };
}

/**
 * `cert.sign(key, sha256)` with Node's native RSA: forge's pure-JS signature takes seconds per
 * certificate on a slow CPU (it made the demo seed take ~8 s). Same DER as forge would produce.
 */
function signCertificate(cert: forge.pki.Certificate, signer: Signer): void {
  const oid = forge.pki.oids.sha256WithRSAEncryption;
  const writable = cert as forge.pki.Certificate & { tbsCertificate: forge.asn1.Asn1; siginfo: { algorithmOid: string } };
  writable.signatureOid = oid;
  writable.siginfo.algorithmOid = oid;
  // getTBSCertificate is public in forge but missing from @types/node-forge.
  writable.tbsCertificate = (forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }).getTBSCertificate(cert);
  const tbs = Buffer.from(forge.asn1.toDer(writable.tbsCertificate).getBytes(), 'binary');
  writable.signature = sign('sha256', tbs, signer.nodeKey).toString('binary');
}

function serial(): string {
  return `01${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
}

function issuerCa(name: string) {
  let ca = issuers.get(name);
  if (!ca) {
    const signer = newSigner();
    const cert = forge.pki.createCertificate();
    cert.publicKey = signer.publicKey;
    cert.serialNumber = serial();
    cert.validity.notBefore = new Date(Date.UTC(2024, 0, 1));
    cert.validity.notAfter = new Date(Date.UTC(2034, 0, 1));
    const attrs = [{ name: 'commonName', value: name }, { name: 'organizationName', value: 'aks-sim' }];
    cert.setSubject(attrs);
    cert.setIssuer(attrs);
    cert.setExtensions([{ name: 'basicConstraints', cA: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true }]);
    signCertificate(cert, signer);
    issuers.set(name, (ca = { signer, cert }));
  }
  return ca;
}

/** A real X.509 certificate (PEM) with the requested subject, SANs and validity. */
export function mintCertificate(request: CertificateRequest): MintedCertificate {
  leafSigner ??= newSigner();
  const selfSigned = request.issuer === request.commonName;
  const ca = selfSigned ? undefined : issuerCa(request.issuer ?? 'aks-sim Key Vault Test CA');
  const cert = forge.pki.createCertificate();
  cert.publicKey = leafSigner.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = request.notBefore;
  cert.validity.notAfter = request.notAfter;
  cert.setSubject([{ name: 'commonName', value: request.commonName }]);
  cert.setIssuer(ca ? ca.cert.subject.attributes : [{ name: 'commonName', value: request.commonName }]);
  const sans = request.sans?.length ? request.sans : [request.commonName];
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: sans.map(value => ({ type: 2, value })) },
  ]);
  signCertificate(cert, ca ? ca.signer : leafSigner);
  return { certificatePem: forge.pki.certificateToPem(cert), privateKeyPem: leafSigner.keyPem };
}
