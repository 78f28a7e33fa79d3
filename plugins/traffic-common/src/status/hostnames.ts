/**
 * Hostname matching. Two different wildcard rules apply:
 * - Gateway API (listener/route hostnames): `*.example.com` matches one or more labels (`a.b.example.com`).
 * - X.509 (certificate SANs, RFC 6125): `*.example.com` matches exactly one label (`a.example.com` only).
 */

const normalize = (host: string) =>
  host.trim().toLowerCase().replace(/\.$/, '');

export const isWildcard = (host: string) => host.startsWith('*.');

/** Gateway API rule: does `pattern` (a listener hostname) match the concrete or wildcard `hostname`? */
export function gatewayHostnameMatches(
  pattern: string,
  hostname: string,
): boolean {
  const p = normalize(pattern);
  const h = normalize(hostname);
  if (p === h) {
    return true;
  }
  if (!isWildcard(p)) {
    return false;
  }
  const suffix = p.slice(1); // ".example.com"
  if (isWildcard(h)) {
    // A route wildcard is compatible when it is at least as specific as the listener's.
    return h.slice(1).endsWith(suffix);
  }
  return h.endsWith(suffix) && h.length > suffix.length;
}

/** Gateway API hostname intersection of a listener and a route hostname; undefined when disjoint. */
export function intersectHostnames(
  listenerHostname: string | undefined,
  routeHostname: string,
): string | undefined {
  if (!listenerHostname) {
    return routeHostname;
  }
  if (gatewayHostnameMatches(listenerHostname, routeHostname)) {
    return routeHostname;
  }
  if (gatewayHostnameMatches(routeHostname, listenerHostname)) {
    return listenerHostname;
  }
  return undefined;
}

/** RFC 6125 rule: does a certificate name (SAN or CN) cover `hostname`? Wildcards cover exactly one label. */
export function certificateNameCovers(
  certificateName: string,
  hostname: string,
): boolean {
  const name = normalize(certificateName);
  const host = normalize(hostname);
  if (name === host) {
    return true;
  }
  if (!isWildcard(name) || isWildcard(host)) {
    return false;
  }
  const firstDot = host.indexOf('.');
  return firstDot > 0 && host.slice(firstDot) === name.slice(1);
}
