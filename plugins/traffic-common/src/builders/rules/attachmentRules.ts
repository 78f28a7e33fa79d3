import type { KubeObject } from '../../kube/types';
import type { InputIssue } from '../../schemas/errors';
import type { RouteInput } from '../../schemas/routeInput';
import { hostnamesIntersect, isRouteHostnameWithinListener } from './hostnameRules';

interface LiveListener {
  name: string;
  hostname?: string;
  protocol: string;
  port?: number;
  allowedRoutes?: { namespaces?: { from?: string; selector?: { matchLabels?: Record<string, string> } } };
}

/**
 * Checks a route against the live Gateway it attaches to: the listener exists, speaks the
 * route's protocol, accepts routes from the route's namespace, and every route hostname is
 * inside the listener's hostname (wildcard semantics).
 */
export function routeAttachmentRules(input: RouteInput, gateway: KubeObject): InputIssue[] {
  const listeners = ((gateway.spec?.listeners ?? []) as LiveListener[]).filter(listener =>
    input.gateway.port === undefined ? true : listener.port === input.gateway.port,
  );
  const gatewayName = gateway.metadata.name;
  const gatewayNamespace = gateway.metadata.namespace ?? input.namespace;
  const candidates = input.gateway.sectionName
    ? listeners.filter(listener => listener.name === input.gateway.sectionName)
    : listeners;
  if (input.gateway.sectionName && candidates.length === 0) {
    return [
      {
        field: 'gateway.sectionName',
        message: `"${input.gateway.sectionName}" is not a listener of Gateway ${gatewayNamespace}/${gatewayName}: use one of ${listeners.map(l => l.name).join(', ') || '(none)'}`,
      },
    ];
  }
  const protocols = input.kind === 'TLSRoute' ? ['TLS'] : ['HTTP', 'HTTPS'];
  const compatible = candidates.filter(listener => protocols.includes(listener.protocol));
  if (compatible.length === 0) {
    return [
      {
        field: input.gateway.sectionName ? 'gateway.sectionName' : 'gateway',
        message: `has no ${protocols.join('/')} listener for a ${input.kind}: pick a listener with protocol ${protocols.join(' or ')}`,
      },
    ];
  }
  const admitting = compatible.filter(listener => admitsNamespace(listener, gatewayNamespace, input.namespace));
  if (admitting.length === 0) {
    return [
      {
        field: 'namespace',
        message: `"${input.namespace}" may not attach routes to Gateway ${gatewayNamespace}/${gatewayName} (allowedRoutes): ask the platform team to allow it, or create the route in ${gatewayNamespace}`,
      },
    ];
  }
  const issues: InputIssue[] = [];
  input.hostnames.forEach((host, index) => {
    if (!admitting.some(listener => isRouteHostnameWithinListener(host, listener.hostname))) {
      const listenerHosts = admitting.map(listener => listener.hostname ?? '(any)').join(', ');
      const partly = admitting.some(listener => hostnamesIntersect(host, listener.hostname));
      issues.push({
        field: `hostnames[${index}]`,
        message: partly
          ? `"${host}" is wider than the listener hostname (${listenerHosts}): only part of it would be served, so name hosts inside ${listenerHosts}`
          : `"${host}" is outside the listener hostname (${listenerHosts}): use a hostname the listener serves`,
      });
    }
  });
  return issues;
}

function admitsNamespace(listener: LiveListener, gatewayNamespace: string, routeNamespace: string): boolean {
  const namespaces = listener.allowedRoutes?.namespaces;
  const from = namespaces?.from ?? 'Same';
  if (from === 'All') return true;
  if (from === 'Same') return gatewayNamespace === routeNamespace;
  // Selector: only the well-known name label can be judged without the Namespace object.
  const matchLabels = namespaces?.selector?.matchLabels ?? {};
  const byName = matchLabels['kubernetes.io/metadata.name'];
  return byName === undefined || byName === routeNamespace;
}
