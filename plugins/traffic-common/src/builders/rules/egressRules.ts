import type { InputIssue } from '../../schemas/errors';
import type { EgressInput } from '../../schemas/egressInput';
import { duplicateRules } from './nameRules';

/** The regex AKS uses for Istio add-on egress gateway names (egress gateway seed); length 1-53. */
export const EGRESS_GATEWAY_NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const MAX_EGRESS_GATEWAY_NAME_LENGTH = 53;
/** AKS allows at most this many Istio add-on egress gateways per cluster. */
export const MAX_EGRESS_GATEWAYS_PER_CLUSTER = 500;

/** Name rule for egress gateways, usable on any string (e.g. a picker's free text). */
export function egressGatewayNameRules(name: string, field: string): InputIssue[] {
  if (name.length < 1 || name.length > MAX_EGRESS_GATEWAY_NAME_LENGTH) {
    return [
      {
        field,
        message: `"${name.slice(0, 60)}" has ${name.length} characters: AKS egress gateway names have 1-${MAX_EGRESS_GATEWAY_NAME_LENGTH}`,
      },
    ];
  }
  if (!EGRESS_GATEWAY_NAME_PATTERN.test(name)) {
    return [
      {
        field,
        message: `"${name}" is not a valid egress gateway name: use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit`,
      },
    ];
  }
  return [];
}

/**
 * The 500-per-cluster limit. `existingGatewayCount` is how many egress gateways the cluster
 * has now; `adding` how many the change would enable.
 */
export function egressGatewayCountRules(existingGatewayCount: number, adding: number, field: string): InputIssue[] {
  if (existingGatewayCount + adding <= MAX_EGRESS_GATEWAYS_PER_CLUSTER) return [];
  return [
    {
      field,
      message: `would make ${existingGatewayCount + adding} egress gateways but AKS allows ${MAX_EGRESS_GATEWAYS_PER_CLUSTER} per cluster: reuse an existing egress gateway or disable one first`,
    },
  ];
}

export function egressRules(input: EgressInput): InputIssue[] {
  const issues: InputIssue[] = [
    ...egressGatewayNameRules(input.egressGateway.name, 'egressGateway.name'),
    ...duplicateRules(
      input.hosts,
      host => host,
      index => `hosts[${index}]`,
      (host, first) => `"${host}" repeats hosts[${first}]: list each host once`,
    ),
  ];
  if (input.httpPort === input.tlsPort) {
    issues.push({ field: 'tlsPort', message: `is the same as httpPort (${input.httpPort}): use two different ports` });
  }
  const { registryOnly } = input;
  if (registryOnly.scope === 'namespace' && !registryOnly.clientNamespace) {
    issues.push({
      field: 'registryOnly.clientNamespace',
      message: 'is required with scope namespace: name the namespace of the client workloads',
    });
  }
  if (registryOnly.scope !== 'namespace' && registryOnly.clientNamespace) {
    issues.push({
      field: 'registryOnly.clientNamespace',
      message: 'is only used with scope namespace: remove it or set scope to namespace',
    });
  }
  const sgc = input.staticGatewayConfiguration;
  if (sgc) {
    if (sgc.create && !sgc.gatewayNodepoolName) {
      issues.push({
        field: 'staticGatewayConfiguration.gatewayNodepoolName',
        message: 'is required to create a StaticGatewayConfiguration: name the node pool of mode Gateway',
      });
    }
    if (!sgc.create && (sgc.gatewayNodepoolName || sgc.publicIpPrefixId)) {
      issues.push({
        field: 'staticGatewayConfiguration.create',
        message: 'is false, so node pool and IP prefix settings would be ignored: set create to true or remove them',
      });
    }
    if (!sgc.provisionPublicIps && (sgc.publicIpPrefixId || sgc.publicIpPrefixSize !== undefined)) {
      issues.push({
        field: 'staticGatewayConfiguration.provisionPublicIps',
        message: 'is false, so there is no public IP prefix: remove publicIpPrefixId/publicIpPrefixSize or provision public IPs',
      });
    }
  }
  return issues;
}
