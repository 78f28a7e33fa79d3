import { intersectHostnames } from '@aks-traffic/backstage-plugin-traffic-common';
import type { GatewayOption } from '@aks-traffic/backstage-plugin-traffic-common';
import type { GatewayListenerValue } from '../formValues';

// RFC 1123 labels, optionally preceded by one `*.` wildcard label (Gateway API hostname format).
const HOSTNAME =
  /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why `hostname` is not a valid route hostname; undefined when it is. */
export function hostnameSyntaxError(hostname: string): string | undefined {
  if (hostname.length > 253) return 'A hostname has at most 253 characters.';
  if (/^\d+(\.\d+){3}$/.test(hostname))
    return 'Use a DNS name: IP addresses are not allowed as route hostnames.';
  if (hostname !== hostname.toLowerCase()) return 'Use lower-case letters.';
  if (!HOSTNAME.test(hostname)) {
    return 'Use a DNS name such as app.example.com (a leading "*." is allowed for a wildcard).';
  }
  return undefined;
}

/** The hostname of the listener the picker chose, if the backend still lists it. */
export function findListenerHostname(
  gateways: GatewayOption[],
  target: GatewayListenerValue,
): { found: boolean; hostname?: string } {
  const gateway = gateways.find(
    candidate =>
      candidate.namespace === target.namespace &&
      candidate.name === target.name,
  );
  const listener = gateway?.listeners.find(
    candidate => candidate.name === target.sectionName,
  );
  return { found: Boolean(listener), hostname: listener?.hostname };
}

/**
 * Why a route with `hostname` would not attach to a listener with `listenerHostname`
 * (Gateway API rule: the two must intersect, `*.example.com` spans one or more labels).
 */
export function listenerMismatchError(
  hostname: string,
  listenerHostname: string | undefined,
  listenerName: string,
): string | undefined {
  if (intersectHostnames(listenerHostname, hostname) !== undefined) {
    return undefined;
  }
  return `${hostname} does not match hostname ${listenerHostname} of listener ${listenerName}: the route would be rejected (NoMatchingListenerHostname).`;
}
