import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import { tlsSecretProblem } from '../common/certificates';
import type { DesiredCondition } from '../common/conditions';
import type { LabelSelector } from '../common/labelSelector';

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

export interface RouteGroupKind {
  group: string;
  kind: string;
}

export interface Listener {
  name: string;
  port: number;
  protocol: string;
  hostname?: string;
  tls?: {
    mode?: string;
    certificateRefs?: Array<{ group?: string; kind?: string; name: string; namespace?: string }>;
    frontendValidation?: { caCertificateRefs?: unknown[] };
  };
  allowedRoutes?: {
    namespaces?: { from?: 'Same' | 'All' | 'Selector'; selector?: LabelSelector };
    kinds?: Array<{ group?: string; kind: string }>;
  };
}

/** What the route binder and the status writer need to know about one listener. */
export interface EvaluatedListener {
  listener: Listener;
  /** Accepted (a supported protocol): routes may bind to it. */
  accepted: boolean;
  supportedKinds: RouteGroupKind[];
  conditions: DesiredCondition[];
}

/** Route kinds Istio serves per listener protocol (as Istio lists them in supportedKinds). */
function kindsForProtocol(listener: Listener): RouteGroupKind[] {
  const g = GATEWAY_API_GROUP;
  switch (listener.protocol) {
    case 'HTTP':
    case 'HTTPS':
      return [
        { group: g, kind: 'HTTPRoute' },
        { group: g, kind: 'GRPCRoute' },
      ];
    case 'TLS':
      return listener.tls?.mode === 'Terminate' ? [{ group: g, kind: 'TCPRoute' }] : [{ group: g, kind: 'TLSRoute' }];
    case 'TCP':
      return [{ group: g, kind: 'TCPRoute' }];
    default:
      return [];
  }
}

const SUPPORTED_PROTOCOLS = new Set(['HTTP', 'HTTPS', 'TLS', 'TCP']);

export interface ListenerLookups {
  getSecret(namespace: string, name: string): KubeObject | undefined;
  getConfigMap(namespace: string, name: string): KubeObject | undefined;
  /** ReferenceGrant check for a Gateway referring to kind/name in another namespace. */
  refAllowed(kind: 'Secret' | 'ConfigMap', toNamespace: string, name: string): boolean;
  /** Gateway-level client certificate validation (v1.5 `spec.tls.frontend`), for this port. */
  caCertificateRefs?: CaRef[];
}

export interface CaRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
}

/** `spec.tls.frontend` CA refs that apply to a listener port (perPort overrides default). */
export function frontendCaRefs(gatewaySpec: any, port: number): CaRef[] | undefined {
  const frontend = gatewaySpec?.tls?.frontend;
  if (!frontend) return undefined;
  const perPort = (frontend.perPort ?? []).find((p: { port: number }) => p.port === port);
  return (perPort?.tls ?? frontend.default)?.validation?.caCertificateRefs;
}

const OK = 'No errors found';

/** Evaluates one listener with Istio's reasons and messages. */
export function evaluateListener(listener: Listener, gatewayNamespace: string, lookups: ListenerLookups): EvaluatedListener {
  let accepted: DesiredCondition = { type: 'Accepted', status: 'True', reason: 'Accepted', message: OK };
  let programmed: DesiredCondition = { type: 'Programmed', status: 'True', reason: 'Programmed', message: OK };
  let resolvedRefs: DesiredCondition = { type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs', message: OK };
  const conflicted: DesiredCondition = { type: 'Conflicted', status: 'False', reason: 'NoConflicts', message: OK };

  let supportedKinds = kindsForProtocol(listener);
  const protocolOk = SUPPORTED_PROTOCOLS.has(listener.protocol);
  if (!protocolOk) {
    const upper = listener.protocol.toUpperCase();
    const hint = SUPPORTED_PROTOCOLS.has(upper) ? `. hint: "${upper}" (uppercase) may be supported` : '';
    accepted = {
      type: 'Accepted',
      status: 'False',
      reason: 'UnsupportedProtocol',
      message: `protocol "${listener.protocol}" is unsupported${hint}`,
    };
  }

  const requestedKinds = listener.allowedRoutes?.kinds;
  if (protocolOk && requestedKinds && requestedKinds.length > 0) {
    const valid = supportedKinds.filter(s =>
      requestedKinds.some(r => (r.group ?? GATEWAY_API_GROUP) === s.group && r.kind === s.kind),
    );
    if (valid.length < requestedKinds.length) {
      resolvedRefs = { type: 'ResolvedRefs', status: 'False', reason: 'InvalidRouteKinds', message: 'Invalid route kinds' };
    }
    supportedKinds = valid;
  }

  const tlsProblem = protocolOk ? certificateProblem(listener, gatewayNamespace, lookups) : undefined;
  if (tlsProblem) {
    resolvedRefs = { type: 'ResolvedRefs', status: 'False', ...tlsProblem };
    programmed = { type: 'Programmed', status: 'False', reason: 'Invalid', message: 'Bad TLS configuration' };
  }

  return {
    listener,
    accepted: protocolOk,
    supportedKinds,
    conditions: [accepted, conflicted, programmed, resolvedRefs],
  };
}

function certificateProblem(
  listener: Listener,
  gatewayNamespace: string,
  lookups: ListenerLookups,
): { reason: string; message: string } | undefined {
  const terminates =
    (listener.protocol === 'HTTPS' || listener.protocol === 'TLS') && (listener.tls?.mode ?? 'Terminate') === 'Terminate';
  if (!terminates) return undefined;
  const caRefs = (listener.tls?.frontendValidation?.caCertificateRefs as CaRef[] | undefined) ?? lookups.caCertificateRefs;
  if (caRefs && caRefs.length > 1) {
    return { reason: 'InvalidCertificateRef', message: 'only one caCertificateRef is supported' };
  }
  for (const ref of caRefs ?? []) {
    const group = ref.group ?? '';
    const kind = ref.kind ?? 'ConfigMap';
    const refText = `${group}/${kind}/${ref.name}.${ref.namespace ?? ''}`;
    if (!(group === '' || group === 'core') || (kind !== 'ConfigMap' && kind !== 'Secret')) {
      return { reason: 'InvalidCertificateRef', message: `invalid CA certificate reference ${refText}, only secret and configmap are allowed` };
    }
    const namespace = ref.namespace ?? gatewayNamespace;
    if (namespace !== gatewayNamespace && !lookups.refAllowed(kind, namespace, ref.name)) {
      return {
        reason: 'RefNotPermitted',
        message: `caCertificateRef ${namespace}/${ref.name} not accessible to a Gateway in namespace "${gatewayNamespace}" (missing a ReferenceGrant?)`,
      };
    }
    const found = kind === 'Secret' ? lookups.getSecret(namespace, ref.name) : lookups.getConfigMap(namespace, ref.name);
    if (!found) {
      return {
        reason: 'InvalidCertificateRef',
        message: `invalid CA certificate reference ${refText}, ${kind.toLowerCase()} ${namespace}/${ref.name} not found`,
      };
    }
  }
  for (const ref of listener.tls?.certificateRefs ?? []) {
    const group = ref.group ?? '';
    const kind = ref.kind ?? 'Secret';
    const refText = `${group}/${kind}/${ref.name}.${ref.namespace ?? ''}`;
    if (!(group === '' || group === 'core') || kind !== 'Secret') {
      return { reason: 'InvalidCertificateRef', message: `invalid certificate reference ${refText}, only secret is allowed` };
    }
    const namespace = ref.namespace ?? gatewayNamespace;
    if (namespace !== gatewayNamespace && !lookups.refAllowed('Secret', namespace, ref.name)) {
      return {
        reason: 'RefNotPermitted',
        message: `certificateRef ${ref.name}/${namespace} not accessible to a Gateway in namespace "${gatewayNamespace}" (missing a ReferenceGrant?)`,
      };
    }
    const secret = lookups.getSecret(namespace, ref.name);
    if (!secret) {
      return {
        reason: 'InvalidCertificateRef',
        message: `invalid certificate reference ${refText}, secret ${namespace}/${ref.name} not found`,
      };
    }
    const problem = tlsSecretProblem(secret as { data?: Record<string, string> });
    if (problem) {
      return {
        reason: 'InvalidCertificateRef',
        message: `invalid certificate reference ${refText}, the certificate is malformed: ${problem}`,
      };
    }
  }
  return undefined;
}
