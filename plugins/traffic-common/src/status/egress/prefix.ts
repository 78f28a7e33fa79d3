import { EgressPrefixView } from '../../model';
import { isCidr, isIPAddress } from './ip';

/**
 * Parses a StaticGatewayConfiguration `status.egressIpPrefix`: a CIDR (public IP prefix), or a
 * comma-separated list of private IPs when `provisionPublicIps: false`; empty until Azure assigns it.
 */
export function parseEgressIpPrefix(raw: unknown): EgressPrefixView {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') {
    return { raw: text, kind: 'pending' };
  }
  const entries = text
    .split(',')
    .map(e => e.trim())
    .filter(Boolean);
  const cidrs = entries.filter(isCidr);
  const ips = entries.filter(e => !e.includes('/') && isIPAddress(e));
  const invalid = entries.filter(e => !cidrs.includes(e) && !ips.includes(e));
  const kind =
    ips.length === 0 && entries.some(e => e.includes('/')) ? 'cidr' : 'ip-list';
  return {
    raw: text,
    kind,
    ...(cidrs.length ? { cidrs } : {}),
    ...(ips.length ? { ips } : {}),
    ...(invalid.length ? { invalid } : {}),
  };
}
