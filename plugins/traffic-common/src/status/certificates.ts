import { KubeObject } from '../kube';
import {
  CertificateChainView,
  CertificateState,
  CertificateThresholds,
  CertificateView,
  HostnameCoverage,
  ObjectRef,
  ParsedCertificate,
} from '../model';
import { certificateNameCovers } from './hostnames';
import { certificateSource } from './keyVault';
import { asString, field, unique } from './safe';

export const DEFAULT_CERTIFICATE_THRESHOLDS: CertificateThresholds = {
  warnDays: 30,
  errorDays: 7,
};

const DAY_MS = 24 * 60 * 60 * 1000;

const toTime = (value: Date | string) =>
  value instanceof Date ? value.getTime() : Date.parse(value);

/** Whole days from `now` until `notAfter`; negative once expired, NaN for unparsable dates. */
export function daysLeft(notAfter: string, now: Date | string): number {
  return Math.floor((toTime(notAfter) - toTime(now)) / DAY_MS);
}

/** Which of `hostnames` the certificate serves: DNS SANs (wildcards cover one label), IP SANs, else the CN. */
export function hostnameCoverage(
  hostnames: string[],
  certificate: ParsedCertificate,
): HostnameCoverage[] {
  const dnsNames = certificate.sans.dns ?? [];
  const ipNames = certificate.sans.ip ?? [];
  return unique(hostnames).map(hostname => {
    if (
      dnsNames.some(name => certificateNameCovers(name, hostname)) ||
      ipNames.includes(hostname)
    ) {
      return { hostname, covered: true, via: 'san' as const };
    }
    // Clients fall back to the subject CN only when there are no DNS SANs (RFC 6125); browsers never do.
    if (
      dnsNames.length === 0 &&
      certificate.subjectCN &&
      certificateNameCovers(certificate.subjectCN, hostname)
    ) {
      return { hostname, covered: true, via: 'common-name' as const };
    }
    return { hostname, covered: false };
  });
}

export function chainView(
  certificate: ParsedCertificate,
): CertificateChainView {
  const length = certificate.chainLength;
  if (certificate.chainValid === false) {
    return {
      state: 'error',
      length,
      message:
        'The certificates in tls.crt do not form a chain (each must be signed by the next).',
    };
  }
  if (certificate.selfSigned) {
    return {
      state: 'warning',
      length,
      message: 'Self-signed: clients must trust this exact certificate.',
    };
  }
  if (certificate.chainValid === undefined) {
    return {
      state: 'unknown',
      length,
      message: `${length} certificate(s); chain not verified.`,
    };
  }
  return {
    state: 'ok',
    length,
    message:
      length > 1
        ? `Leaf and ${length - 1} issuer certificate(s).`
        : `Leaf only; clients must trust ${
            certificate.issuerCN ?? 'its issuer'
          }.`,
  };
}

export interface CertificateInput {
  gatewayRef: ObjectRef;
  listenerName: string;
  listenerHostname?: string;
  /** Hostnames of routes attached to the listener; the certificate must cover them too. */
  routeHostnames?: string[];
  secretRef: { name: string; namespace: string };
  /** The Secret's metadata (no data); absent when the Secret does not exist. */
  secret?: KubeObject;
  /** SecretProviderClass whose secretObjects produce this Secret, if any. */
  secretProviderClass?: KubeObject;
  parsed?: ParsedCertificate;
  /** Set by the backend when tls.crt could not be parsed. */
  parseError?: string;
  now: Date | string;
  thresholds?: CertificateThresholds;
}

interface Verdict {
  state: CertificateState;
  problem?: string;
  fix?: string;
}

function judge(
  input: CertificateInput,
  covers: HostnameCoverage[],
  days: number | undefined,
): Verdict {
  const { parsed, thresholds = DEFAULT_CERTIFICATE_THRESHOLDS } = input;
  const secret = input.secretRef.name;
  const spcName = asString(
    field(input.secretProviderClass, 'metadata', 'name'),
  );
  if (!input.secret) {
    return spcName
      ? {
          state: 'not-synced',
          problem: `Secret ${secret} not found: the Key Vault secret syncs only while a pod mounts SecretProviderClass ${spcName}.`,
          fix: `Run a workload in namespace ${input.secretRef.namespace} that mounts SecretProviderClass ${spcName}, and check its pod events for Key Vault access errors.`,
        }
      : {
          state: 'missing',
          problem: `Secret ${secret} not found in namespace ${input.secretRef.namespace}.`,
          fix: `Create a SecretProviderClass whose secretObjects[].secretName is ${secret} and a pod that mounts it, or create the kubernetes.io/tls Secret.`,
        };
  }
  if (!parsed || days === undefined || Number.isNaN(days)) {
    return {
      state: 'error',
      problem: `The certificate in Secret ${secret} cannot be read${
        input.parseError ? ` (${input.parseError})` : ''
      }.`,
      fix: 'tls.crt must hold a PEM certificate (leaf first, then intermediates).',
    };
  }
  if (days < 0 || toTime(parsed.notAfter) <= toTime(input.now)) {
    return {
      state: 'expired',
      problem: `The certificate expired on ${parsed.notAfter.slice(0, 10)}.`,
      fix: renewFix(input),
    };
  }
  if (toTime(parsed.notBefore) > toTime(input.now)) {
    return {
      state: 'error',
      problem: `The certificate is not valid before ${parsed.notBefore.slice(
        0,
        10,
      )}.`,
      fix: 'Check the issuing clock, or wait until the validity period starts.',
    };
  }
  const uncovered = covers.filter(c => !c.covered).map(c => c.hostname);
  if (uncovered.length > 0) {
    return {
      state: 'error',
      problem: `The certificate does not cover ${uncovered.join(', ')} (SANs: ${
        parsed.sans.dns.join(', ') || 'none'
      }).`,
      fix: `Issue a certificate whose subjectAltName includes ${uncovered.join(
        ', ',
      )}.`,
    };
  }
  if (days <= thresholds.errorDays) {
    return {
      state: 'error',
      problem: `The certificate expires in ${days} day(s).`,
      fix: renewFix(input),
    };
  }
  const chain = chainView(parsed);
  if (chain.state === 'error') {
    return {
      state: 'error',
      problem: chain.message,
      fix: 'Put the leaf first in tls.crt, followed by its intermediates in order.',
    };
  }
  if (days <= thresholds.warnDays) {
    return {
      state: 'warning',
      problem: `The certificate expires in ${days} days.`,
      fix: renewFix(input),
    };
  }
  const cnOnly = covers
    .filter(c => c.via === 'common-name')
    .map(c => c.hostname);
  if (cnOnly.length > 0) {
    return {
      state: 'warning',
      problem: `${cnOnly.join(
        ', ',
      )} appears only in the subject CN; browsers require a subjectAltName.`,
      fix: `Re-issue the certificate with subjectAltName DNS:${cnOnly[0]}.`,
    };
  }
  if (chain.state === 'warning') {
    return {
      state: 'warning',
      problem: chain.message,
      fix: 'Use a certificate issued by a CA your clients trust.',
    };
  }
  return { state: 'ok' };
}

function renewFix(input: CertificateInput): string {
  const spcName = asString(
    field(input.secretProviderClass, 'metadata', 'name'),
  );
  return spcName
    ? `Renew the certificate in Key Vault; the CSI driver picks up the new version on its next rotation poll while a pod mounts SecretProviderClass ${spcName}.`
    : `Renew the certificate and update Secret ${input.secretRef.name}.`;
}

/** Interprets a listener's certificate into the certificates card view. Never throws. */
export function interpretCertificate(input: CertificateInput): CertificateView {
  const { parsed } = input;
  const hostnames = unique([
    ...(input.listenerHostname ? [input.listenerHostname] : []),
    ...(input.routeHostnames ?? []),
  ]);
  const covers = parsed
    ? hostnameCoverage(hostnames, parsed)
    : hostnames.map(hostname => ({ hostname, covered: false }));
  const days = parsed ? daysLeft(parsed.notAfter, input.now) : undefined;
  const verdict = judge(input, covers, days);
  return {
    gatewayRef: input.gatewayRef,
    listenerName: input.listenerName,
    secretRef: {
      kind: 'Secret',
      name: input.secretRef.name,
      namespace: input.secretRef.namespace,
    },
    hostnames,
    ...(parsed?.subjectCN ? { subject: parsed.subjectCN } : {}),
    sans: { dns: parsed?.sans.dns ?? [], ip: parsed?.sans.ip ?? [] },
    ...(parsed?.issuerCN ? { issuer: parsed.issuerCN } : {}),
    ...(parsed
      ? {
          serial: parsed.serial,
          notBefore: parsed.notBefore,
          notAfter: parsed.notAfter,
        }
      : {}),
    ...(days !== undefined && !Number.isNaN(days) ? { daysLeft: days } : {}),
    state: verdict.state,
    covers,
    chain: parsed
      ? chainView(parsed)
      : { state: 'unknown', message: 'No certificate to check.' },
    source: certificateSource({
      secretName: input.secretRef.name,
      secret: input.secret,
      secretProviderClass: input.secretProviderClass,
    }),
    ...(verdict.problem ? { problem: verdict.problem } : {}),
    ...(verdict.fix ? { fix: verdict.fix } : {}),
  };
}
