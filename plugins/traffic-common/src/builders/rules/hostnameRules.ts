/*
 * Gateway API hostname semantics: a listener hostname `*.example.com` matches any name with at
 * least one more label (`a.example.com`, `a.b.example.com`) but not `example.com` itself; an
 * empty listener hostname matches everything.
 */

/** True when every request a route hostname can receive also matches the listener hostname. */
export function isRouteHostnameWithinListener(routeHostname: string, listenerHostname?: string): boolean {
  if (!listenerHostname) return true;
  if (!listenerHostname.startsWith('*.')) {
    return routeHostname === listenerHostname;
  }
  const suffix = listenerHostname.slice(1); // ".example.com"
  if (routeHostname.startsWith('*.')) {
    // A wildcard route is inside a wildcard listener when its domain is the listener's or below it.
    const routeSuffix = routeHostname.slice(1);
    return routeSuffix === suffix || routeSuffix.endsWith(suffix);
  }
  return routeHostname.endsWith(suffix) && routeHostname.length > suffix.length;
}

/**
 * True when a route hostname and a listener hostname share at least one name: that is what the
 * Gateway API requires for a route to attach (a route `*.example.com` on listener `a.example.com`
 * attaches, serving only a.example.com).
 */
export function hostnamesIntersect(routeHostname: string, listenerHostname?: string): boolean {
  return (
    isRouteHostnameWithinListener(routeHostname, listenerHostname) ||
    (listenerHostname !== undefined && isRouteHostnameWithinListener(listenerHostname, routeHostname))
  );
}
