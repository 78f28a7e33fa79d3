import type { ResourceRegistry } from '../store/resources';
import type { ResourceType } from '../store/types';

/** What a request path addresses. */
export type Route =
  | { type: 'version' }
  | { type: 'health' }
  | { type: 'coreVersions' }
  | { type: 'groupList' }
  | { type: 'group'; group: string }
  | { type: 'resourceList'; group: string; version: string }
  | { type: 'resource'; resource: ResourceType; namespace?: string; name?: string; subresource?: string }
  | { type: 'admin'; action: string }
  | { type: 'notFound' };

export const ADMIN_PREFIX = '/aks-sim/';

/** Maps a URL path onto a route (no I/O; unknown paths are `notFound`). */
export function parseRoute(pathname: string, registry: ResourceRegistry): Route {
  if (pathname === '/version' || pathname === '/version/') return { type: 'version' };
  if (/^\/(healthz|readyz|livez)(\/.*)?$/.test(pathname)) return { type: 'health' };
  if (pathname.startsWith(ADMIN_PREFIX)) return { type: 'admin', action: pathname.slice(ADMIN_PREFIX.length) };
  const segments = pathname.split('/').filter(s => s.length > 0).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api') {
    if (segments.length === 1) return { type: 'coreVersions' };
    group = '';
    version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === 'apis') {
    if (segments.length === 1) return { type: 'groupList' };
    if (segments.length === 2) return { type: 'group', group: segments[1] };
    group = segments[1];
    version = segments[2];
    rest = segments.slice(3);
  } else {
    return { type: 'notFound' };
  }
  if (rest.length === 0) return { type: 'resourceList', group, version };

  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const namespaced = registry.byPath(group, version, rest[2]);
    if (namespaced?.namespaced && rest.length <= 5) {
      return { type: 'resource', resource: namespaced, namespace: rest[1], name: rest[3], subresource: rest[4] };
    }
  }
  const resource = registry.byPath(group, version, rest[0]);
  if (!resource || rest.length > 3) return { type: 'notFound' };
  // A namespaced kind addressed without a namespace can only be listed or watched across namespaces.
  if (resource.namespaced && rest.length > 1) return { type: 'notFound' };
  return { type: 'resource', resource, name: rest[1], subresource: rest[2] };
}
