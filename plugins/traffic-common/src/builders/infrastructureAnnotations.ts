import type { GatewayInput } from '../schemas/gatewayInput';

const AZURE_LB = 'service.beta.kubernetes.io/azure-load-balancer';
const AZURE_PLS = 'service.beta.kubernetes.io/azure-pls';

/**
 * Service annotations for the Azure load balancer and Private Link Service integration, in the
 * order a reader expects (internal LB first, as in the seed).
 */
export function infrastructureAnnotationsFor(
  infrastructure: NonNullable<GatewayInput['infrastructure']>,
): Record<string, string> {
  const result: Record<string, string> = {};
  if (infrastructure.internalLoadBalancer) result[`${AZURE_LB}-internal`] = 'true';
  if (infrastructure.internalSubnet) result[`${AZURE_LB}-internal-subnet`] = infrastructure.internalSubnet;
  const pls = infrastructure.privateLinkService;
  if (pls) {
    result[`${AZURE_PLS}-create`] = 'true';
    if (pls.name) result[`${AZURE_PLS}-name`] = pls.name;
    if (pls.subnet) result[`${AZURE_PLS}-ip-configuration-subnet`] = pls.subnet;
    if (pls.ipAddressCount !== undefined) {
      result[`${AZURE_PLS}-ip-configuration-ip-address-count`] = String(pls.ipAddressCount);
    }
    if (pls.visibility?.length) result[`${AZURE_PLS}-visibility`] = pls.visibility.join(' ');
    if (pls.autoApproval?.length) result[`${AZURE_PLS}-auto-approval`] = pls.autoApproval.join(' ');
    if (pls.proxyProtocol !== undefined) result[`${AZURE_PLS}-proxy-protocol`] = String(pls.proxyProtocol);
  }
  return { ...result, ...infrastructure.annotations };
}
