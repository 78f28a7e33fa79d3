import { createHash } from 'node:crypto';
import { mintCertificate, type CertificateRequest } from './mintCertificate';

export type KeyVaultObjectType = 'secret' | 'cert' | 'key';

export interface KeyVaultVersion {
  version: string;
  created: Date;
  /** For secrets: the value. For certificates: the PEM certificate (chain). */
  value: string;
  /** Certificates only: the PEM private key (what objectType `secret` returns with the cert). */
  privateKeyPem?: string;
}

interface KeyVaultItem {
  kind: 'secret' | 'certificate';
  versions: KeyVaultVersion[];
}

export interface KeyVaultChange {
  name: string;
  version?: string;
  deleted?: boolean;
}

/**
 * A per-cluster simulated Azure Key Vault: secrets and certificates with versions. Certificates
 * are real PEM certificates minted with the requested SANs and validity.
 */
export class SimulatedKeyVault {
  private readonly items = new Map<string, KeyVaultItem>();
  private readonly listeners = new Set<(change: KeyVaultChange) => void>();
  private counter = 0;

  constructor(readonly name: string = 'kv-aks-sim') {}

  setSecret(name: string, value: string): KeyVaultVersion {
    return this.addVersion(name, 'secret', { value });
  }

  setCertificate(name: string, request: CertificateRequest): KeyVaultVersion {
    const minted = mintCertificate(request);
    return this.addVersion(name, 'certificate', { value: minted.certificatePem, privateKeyPem: minted.privateKeyPem });
  }

  /** Imports an existing PEM certificate (e.g. a known-expired one), as `az keyvault certificate import`. */
  importCertificate(name: string, certificatePem: string, privateKeyPem?: string): KeyVaultVersion {
    return this.addVersion(name, 'certificate', { value: certificatePem, privateKeyPem });
  }

  deleteObject(name: string): boolean {
    const existed = this.items.delete(name);
    if (existed) this.emit({ name, deleted: true });
    return existed;
  }

  versions(name: string): KeyVaultVersion[] {
    return [...(this.items.get(name)?.versions ?? [])];
  }

  names(): string[] {
    return [...this.items.keys()].sort();
  }

  /**
   * What the Azure provider mounts for `objectName`/`objectType`: a secret's value; for a
   * certificate, `cert` is the certificate, `secret` the private key followed by the certificate.
   */
  getObject(name: string, type: KeyVaultObjectType, version?: string): { content: string; version: string } | undefined {
    const item = this.items.get(name);
    if (!item) return undefined;
    const v = version ? item.versions.find(x => x.version === version) : item.versions[item.versions.length - 1];
    if (!v) return undefined;
    if (item.kind === 'secret') return type === 'secret' ? { content: v.value, version: v.version } : undefined;
    if (type === 'cert') return { content: v.value, version: v.version };
    if (type === 'secret') return { content: `${v.privateKeyPem ?? ''}${v.value}`, version: v.version };
    return undefined;
  }

  onChange(listener: (change: KeyVaultChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private addVersion(name: string, kind: KeyVaultItem['kind'], data: Omit<KeyVaultVersion, 'version' | 'created'>) {
    let item = this.items.get(name);
    if (!item || item.kind !== kind) this.items.set(name, (item = { kind, versions: [] }));
    const version = createHash('sha256').update(`${this.name}/${name}/${++this.counter}`).digest('hex').slice(0, 32);
    const v: KeyVaultVersion = { version, created: new Date(), ...data };
    item.versions.push(v);
    this.emit({ name, version });
    return v;
  }

  private emit(change: KeyVaultChange) {
    for (const l of this.listeners) l(change);
  }
}

/** The cluster's Key Vault; created on first use when the host did not provide one. */
export function keyVaultOf(cluster: { name: string; keyVault: unknown }): SimulatedKeyVault {
  if (!(cluster.keyVault instanceof SimulatedKeyVault)) {
    cluster.keyVault = new SimulatedKeyVault(`kv-${cluster.name}`.slice(0, 24));
  }
  return cluster.keyVault as SimulatedKeyVault;
}
