import { ObjectRef } from './common';

/**
 * What the backend extracts from a TLS Secret's `tls.crt` (the key is never read). Dates are ISO-8601.
 * Parsing X.509 happens in the backend; this package only interprets the result.
 */
export interface ParsedCertificate {
  subjectCN?: string;
  sans: { dns: string[]; ip: string[]; uri?: string[] };
  issuerCN?: string;
  /** Hex serial number as printed by `openssl x509 -serial`. */
  serial: string;
  notBefore: string;
  notAfter: string;
  isCA: boolean;
  /** Number of certificates in the PEM bundle (leaf first). */
  chainLength: number;
  /** Whether each certificate in the bundle is signed by the next; undefined when not checked. */
  chainValid?: boolean;
  selfSigned: boolean;
}

/** `expired`: past notAfter; `missing`: no Secret; `not-synced`: Secret expected from Key Vault but not synced yet. */
export type CertificateState =
  | 'ok'
  | 'warning'
  | 'error'
  | 'expired'
  | 'missing'
  | 'not-synced';

/** Days-left thresholds below which a certificate turns warning / error. */
export interface CertificateThresholds {
  warnDays: number;
  errorDays: number;
}

export type CertificateSource =
  | {
      type: 'key-vault';
      secretProviderClass: string;
      /** The Secret exists (the CSI driver synced it). */
      synced: boolean;
      keyVaultName?: string;
      /** Key Vault object that feeds `tls.crt`. */
      objectName?: string;
    }
  | { type: 'cert-manager'; certificate: string }
  | { type: 'secret' };

export interface HostnameCoverage {
  hostname: string;
  covered: boolean;
  /** `common-name`: matched only the subject CN, which browsers ignore when checking names. */
  via?: 'san' | 'common-name';
}

export interface CertificateChainView {
  state: 'ok' | 'warning' | 'error' | 'unknown';
  length?: number;
  message: string;
}

export interface CertificateView {
  gatewayRef: ObjectRef;
  listenerName: string;
  secretRef: ObjectRef;
  /** Hostnames the certificate must serve: the listener's and those of routes attached to it. */
  hostnames: string[];
  subject?: string;
  sans: { dns: string[]; ip: string[] };
  issuer?: string;
  serial?: string;
  notBefore?: string;
  notAfter?: string;
  /** Whole days until notAfter (negative once expired). */
  daysLeft?: number;
  state: CertificateState;
  covers: HostnameCoverage[];
  chain: CertificateChainView;
  source: CertificateSource;
  /** The most important problem, as a sentence; absent when state is ok. */
  problem?: string;
  fix?: string;
}
