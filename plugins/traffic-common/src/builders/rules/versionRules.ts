import type { InputIssue } from '../../schemas/errors';

/** Gateway API bundle versions AKS installs, by Kubernetes version (DESIGN §11). */
export const AKS_GATEWAY_API_VERSIONS = ['v1.2.1', 'v1.3.0', 'v1.4.1', 'v1.5.1'] as const;
/** First bundle whose standard channel has TLSRoute (and so TLS passthrough listeners). */
export const TLS_PASSTHROUGH_MIN_GATEWAY_API_VERSION = 'v1.5.1';
/** First add-on revision whose Istio serves TLSRoute v1. */
export const TLS_PASSTHROUGH_MIN_ISTIO_MINOR = 30;

/** Compares `vX.Y.Z` strings numerically; unparsable versions sort first. */
export function compareGatewayApiVersions(a: string, b: string): number {
  const parse = (version: string) => (/^v?(\d+)\.(\d+)\.(\d+)/.exec(version) ?? [0, -1, -1, -1]).slice(1).map(Number);
  const [left, right] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) if (left[i] !== right[i]) return left[i] - right[i];
  return 0;
}

/** Minor version of an add-on revision (`asm-1-26` -> 26). */
export function istioRevisionMinor(revision: string): number | undefined {
  const match = /^asm-1-(\d+)$/.exec(revision);
  return match ? Number(match[1]) : undefined;
}

/**
 * TLS passthrough needs `protocol: TLS` plus a TLSRoute, which the AKS standard channel only
 * has from Gateway API v1.5.1 (Kubernetes 1.36+) and Istio asm-1-30+. Older bundles reject an
 * HTTPS listener in Passthrough mode, so refuse rather than produce something that cannot apply.
 */
export function tlsPassthroughRules(
  context: { gatewayApiVersion: string; istioRevision?: string },
  field: string,
): InputIssue[] {
  const issues: InputIssue[] = [];
  if (compareGatewayApiVersions(context.gatewayApiVersion, TLS_PASSTHROUGH_MIN_GATEWAY_API_VERSION) < 0) {
    issues.push({
      field,
      message: `TLS passthrough needs Gateway API ${TLS_PASSTHROUGH_MIN_GATEWAY_API_VERSION}+ (protocol TLS with a TLSRoute), but this cluster has ${context.gatewayApiVersion}, where HTTPS listeners must terminate TLS and there is no TLSRoute: upgrade the cluster to Kubernetes 1.36+, or terminate TLS at the gateway (protocol HTTPS, mode Terminate)`,
    });
  }
  const minor = context.istioRevision ? istioRevisionMinor(context.istioRevision) : undefined;
  if (minor !== undefined && minor < TLS_PASSTHROUGH_MIN_ISTIO_MINOR) {
    issues.push({
      field,
      message: `TLS passthrough with TLSRoute needs Istio asm-1-${TLS_PASSTHROUGH_MIN_ISTIO_MINOR}+, but the gateway runs ${context.istioRevision}: upgrade the mesh revision first`,
    });
  }
  return issues;
}
