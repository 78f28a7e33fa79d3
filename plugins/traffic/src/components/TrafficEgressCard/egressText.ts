import type {
  EgressGatewayView,
  EgressMode,
} from '@aks-traffic/backstage-plugin-traffic-common';

export const egressModeLabels: Record<EgressMode, string> = {
  http: 'HTTP via egress gateway',
  'tls-passthrough': 'TLS passthrough (SNI)',
  'tls-origination': 'TLS origination at the gateway',
  direct: 'Direct (not through an egress gateway)',
};

/** The addresses a firewall must allow: the CIDRs, or the individual IPs. */
export function egressAddresses(gateway: EgressGatewayView): string[] {
  return gateway.prefix.cidrs ?? gateway.prefix.ips ?? [];
}
