/**
 * Gateway API hostname matching between a listener and a route: exact names, and a leading
 * `*.` wildcard on either side that matches one or more labels.
 */
export function hostnamesIntersect(listener: string, route: string): boolean {
  if (listener === route) return true;
  const lWild = listener.startsWith('*.');
  const rWild = route.startsWith('*.');
  if (lWild && rWild) {
    const l = listener.slice(1);
    const r = route.slice(1);
    return l.endsWith(r) || r.endsWith(l);
  }
  if (lWild) return route.endsWith(listener.slice(1));
  if (rWild) return listener.endsWith(route.slice(1));
  return false;
}

/** True when the route may attach to a listener with this hostname (absent = any). */
export function routeMatchesListenerHostname(
  listenerHostname: string | undefined,
  routeHostnames: string[] | undefined,
): boolean {
  if (!listenerHostname || !routeHostnames || routeHostnames.length === 0) return true;
  return routeHostnames.some(h => hostnamesIntersect(listenerHostname, h));
}
