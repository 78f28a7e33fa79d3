import type { InputIssue } from '../../schemas/errors';
import type { GatewayInput, GatewayListenerInput } from '../../schemas/gatewayInput';
import { MANAGED_INGRESS_NAMESPACE } from '../../schemas/gatewayInput';
import { hpaReplicaRules } from './customizationRules';
import { keyVaultCertificateRules } from './keyVaultRules';
import { automatedGatewayNameRules, duplicateRules } from './nameRules';
import { infrastructureAnnotationsFor } from '../infrastructureAnnotations';

/** Gateway API caps spec.infrastructure.annotations at 8 entries. */
export const MAX_INFRASTRUCTURE_ANNOTATIONS = 8;

/** Context-free rules for a Gateway input (version rules need the cluster; see versionRules). */
export function gatewayRules(input: GatewayInput): InputIssue[] {
  return [
    ...classAndModeRules(input),
    ...(input.gatewayClass === 'istio' && input.mode === 'automated'
      ? automatedGatewayNameRules(input.name, 'name')
      : []),
    ...duplicateRules(
      input.listeners,
      listener => listener.name,
      index => `listeners[${index}].name`,
      (name, first) => `"${name}" is already used by listeners[${first}]: give each listener its own name`,
    ),
    ...duplicateRules(
      input.listeners,
      listener => `${listener.port}/${listener.protocol}/${listener.hostname ?? ''}`,
      index => `listeners[${index}]`,
      (_key, first) =>
        `has the same port, protocol and hostname as listeners[${first}]: change the port or the hostname`,
    ),
    ...input.listeners.flatMap((listener, index) => listenerRules(listener, `listeners[${index}]`, input)),
    ...keyVaultSecretRules(input),
    ...infrastructureRules(input),
    ...customizationRules(input),
  ];
}

function classAndModeRules(input: GatewayInput): InputIssue[] {
  const issues: InputIssue[] = [];
  if (input.gatewayClass === 'azure-alb-external') {
    const alb = input.alb;
    const byName = Boolean(alb?.name || alb?.namespace);
    if (!alb || (!alb.id && !(alb.name && alb.namespace))) {
      issues.push({
        field: 'alb',
        message:
          'is required for azure-alb-external: give the ApplicationLoadBalancer name and namespace (ALB Controller managed) or id (bring your own deployment)',
      });
    } else if (alb.id && byName) {
      issues.push({ field: 'alb.id', message: 'cannot be combined with alb.name/alb.namespace: use one or the other' });
    }
    for (const field of ['istioRevision', 'infrastructure', 'customization'] as const) {
      if (input[field] !== undefined) {
        issues.push({
          field,
          message: 'only applies to Istio gateways (gatewayClass istio): remove it for Application Gateway for Containers',
        });
      }
    }
    if (input.mode !== 'automated') {
      issues.push({ field: 'mode', message: '"managed-external" only applies to gatewayClass istio: use mode "automated"' });
    }
  } else if (input.alb !== undefined) {
    issues.push({ field: 'alb', message: 'only applies to gatewayClass azure-alb-external: remove it' });
  }
  if (input.mode === 'managed-external') {
    if (input.namespace !== MANAGED_INGRESS_NAMESPACE) {
      issues.push({
        field: 'namespace',
        message: `"${input.namespace}" cannot program the managed external ingress: the Gateway must be in ${MANAGED_INGRESS_NAMESPACE}`,
      });
    }
    for (const field of ['infrastructure', 'customization'] as const) {
      if (input[field] !== undefined) {
        issues.push({
          field,
          message: 'does not apply to the managed external ingress (AKS manages its Service and Deployment): remove it',
        });
      }
    }
  }
  return issues;
}

function listenerRules(listener: GatewayListenerInput, at: string, input: GatewayInput): InputIssue[] {
  const issues: InputIssue[] = [];
  const { tls } = listener;
  if (listener.protocol === 'HTTP' && tls) {
    issues.push({ field: `${at}.tls`, message: 'is not allowed on an HTTP listener: remove it or use protocol HTTPS' });
  }
  if (listener.protocol === 'HTTPS') {
    if (!tls) {
      issues.push({
        field: `${at}.tls`,
        message: 'is required for HTTPS: set mode Terminate and certificateRefs (or keyVault)',
      });
    } else if (tls.mode === 'Passthrough') {
      issues.push({
        field: `${at}.tls.mode`,
        message:
          'Passthrough is not allowed with protocol HTTPS (the Gateway API only terminates HTTPS): use protocol TLS for passthrough, with a TLSRoute',
      });
    } else if (tls.certificateRefs.length === 0) {
      issues.push({
        field: `${at}.tls.certificateRefs`,
        message: 'needs the TLS Secret to serve: add its name (with keyVault, the Secret Key Vault syncs)',
      });
    }
  }
  if (listener.protocol === 'TLS') {
    if (input.gatewayClass !== 'istio') {
      issues.push({
        field: `${at}.protocol`,
        message: 'TLS passthrough is not supported by Application Gateway for Containers: use HTTPS with mode Terminate',
      });
    }
    if (!tls || tls.mode !== 'Passthrough') {
      issues.push({
        field: `${at}.tls.mode`,
        message: 'must be Passthrough for protocol TLS: to terminate TLS at the gateway use protocol HTTPS',
      });
    } else if (tls.certificateRefs.length > 0 || tls.keyVault) {
      issues.push({
        field: `${at}.tls.certificateRefs`,
        message: 'is not used with Passthrough (the backend terminates TLS): remove certificateRefs and keyVault',
      });
    }
  }
  if (tls?.keyVault) {
    const ref = tls.certificateRefs[0];
    if (tls.certificateRefs.length !== 1 || (ref?.namespace && ref.namespace !== input.namespace)) {
      issues.push({
        field: `${at}.tls.certificateRefs`,
        message: `with keyVault, give exactly one Secret in the Gateway's namespace (${input.namespace}): the name Key Vault syncs into`,
      });
    }
    issues.push(...keyVaultCertificateRules(tls.keyVault, `${at}.tls.keyVault`));
  }
  const { allowedRoutes } = listener;
  const hasSelector = allowedRoutes.selector && Object.keys(allowedRoutes.selector).length > 0;
  if (allowedRoutes.from === 'Selector' && !hasSelector) {
    issues.push({
      field: `${at}.allowedRoutes.selector`,
      message: 'is required with from Selector: add a namespace label, like kubernetes.io/metadata.name: default',
    });
  }
  if (allowedRoutes.from !== 'Selector' && allowedRoutes.selector !== undefined) {
    issues.push({
      field: `${at}.allowedRoutes.selector`,
      message: `is only used with from Selector: remove it or set from to Selector`,
    });
  }
  return issues;
}

/** Two listeners syncing the same Secret from Key Vault would create the same objects twice. */
function keyVaultSecretRules(input: GatewayInput): InputIssue[] {
  const withKeyVault = input.listeners
    .map((listener, index) => ({ listener, index }))
    .filter(({ listener }) => listener.tls?.keyVault);
  return duplicateRules(
    withKeyVault,
    ({ listener }) => listener.tls?.certificateRefs[0]?.name ?? '',
    position => `listeners[${withKeyVault[position].index}].tls.keyVault`,
    (name, first) =>
      `syncs Secret "${name}" again (listeners[${withKeyVault[first].index}] already does): keep keyVault on one listener and reference the Secret from the others`,
  );
}

function infrastructureRules(input: GatewayInput): InputIssue[] {
  const infrastructure = input.infrastructure;
  if (!infrastructure) return [];
  const issues: InputIssue[] = [];
  if (!infrastructure.internalLoadBalancer) {
    if (infrastructure.internalSubnet) {
      issues.push({
        field: 'infrastructure.internalSubnet',
        message: 'needs an internal load balancer: set infrastructure.internalLoadBalancer to true',
      });
    }
    if (infrastructure.privateLinkService) {
      issues.push({
        field: 'infrastructure.privateLinkService',
        message:
          'needs an internal load balancer (Front Door Private Link connects to an internal load balancer origin): set infrastructure.internalLoadBalancer to true',
      });
    }
  }
  const generated = infrastructureAnnotationsFor({ ...infrastructure, annotations: undefined });
  for (const key of Object.keys(infrastructure.annotations ?? {})) {
    if (key in generated) {
      issues.push({
        field: `infrastructure.annotations[${JSON.stringify(key)}]`,
        message: 'is already set by the fields above: remove it from annotations',
      });
    }
  }
  const total = Object.keys(infrastructureAnnotationsFor(infrastructure)).length;
  if (total > MAX_INFRASTRUCTURE_ANNOTATIONS) {
    issues.push({
      field: 'infrastructure',
      message: `produces ${total} annotations but the Gateway API allows ${MAX_INFRASTRUCTURE_ANNOTATIONS}: drop optional Private Link settings or extra annotations`,
    });
  }
  return issues;
}

function customizationRules(input: GatewayInput): InputIssue[] {
  const hpa = input.customization?.horizontalPodAutoscaler;
  if (!hpa) return [];
  return hpaReplicaRules(hpa.minReplicas, hpa.maxReplicas, 'customization.horizontalPodAutoscaler');
}
