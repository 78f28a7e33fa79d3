import { RouteRuleView } from '../model';
import { intersectHostnames, isWildcard } from './hostnames';

export interface UrlListener {
  protocol: string;
  port: number;
  hostname?: string;
}

const SECURE_PROTOCOLS = new Set(['HTTPS', 'TLS']);
const WEB_PROTOCOLS = new Set(['HTTP', 'HTTPS', 'TLS']);

/** A path worth linking to: the first Exact or PathPrefix path other than `/`. */
export function linkPath(rules: RouteRuleView[]): string {
  for (const rule of rules) {
    for (const match of rule.matches) {
      if (
        match.path &&
        (match.path.type === 'Exact' || match.path.type === 'PathPrefix') &&
        match.path.value !== '/'
      ) {
        return match.path.value.startsWith('/')
          ? match.path.value
          : `/${match.path.value}`;
      }
    }
  }
  return '';
}

function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * Clickable URLs for a route on some listeners: https for HTTPS/TLS listeners, http otherwise; host from
 * the route hostnames (intersected with the listener's), else the listener hostname, else a Gateway
 * address; port omitted when it is the scheme's default. Wildcards are not clickable and are skipped.
 */
export function routeUrls(options: {
  routeHostnames: string[];
  listeners: UrlListener[];
  gatewayAddresses: string[];
  path?: string;
}): string[] {
  const urls: string[] = [];
  for (const listener of options.listeners) {
    const protocol = listener.protocol.toUpperCase();
    if (!WEB_PROTOCOLS.has(protocol)) {
      continue;
    }
    const scheme = SECURE_PROTOCOLS.has(protocol) ? 'https' : 'http';
    const fromListener = listener.hostname ? [listener.hostname] : [];
    const candidates = options.routeHostnames.length
      ? options.routeHostnames
          .map(h => intersectHostnames(listener.hostname, h))
          .filter((h): h is string => !!h)
      : fromListener;
    let hosts = candidates.filter(h => !isWildcard(h));
    if (
      hosts.length === 0 &&
      (candidates.length > 0 || options.routeHostnames.length === 0)
    ) {
      hosts = options.gatewayAddresses.slice(0, 1);
    }
    const defaultPort = scheme === 'https' ? 443 : 80;
    const port =
      listener.port && listener.port !== defaultPort ? `:${listener.port}` : '';
    for (const host of hosts) {
      urls.push(`${scheme}://${hostForUrl(host)}${port}${options.path ?? ''}`);
    }
  }
  return [...new Set(urls)];
}
