import { KubeObject } from '../../kube';
import { EgressHostView, EgressMode } from '../../model';
import {
  asArray,
  asNumber,
  asRecord,
  asString,
  asStringArray,
  field,
} from '../safe';
import { MESH_CONFIG_NAMESPACE } from './outboundPolicy';

export interface EgressConfigObjects {
  serviceEntries: KubeObject[];
  /** Istio `networking.istio.io` Gateways (not Gateway API Gateways). */
  istioGateways: KubeObject[];
  virtualServices: KubeObject[];
  destinationRules: KubeObject[];
}

const nameOf = (o: unknown) => asString(field(o, 'metadata', 'name')) ?? '?';
const namespaceOf = (o: unknown) => asString(field(o, 'metadata', 'namespace'));

/** `istio-egressgateway` or `ns/istio-egressgateway` as written in VirtualService.spec.gateways. */
function resolveGatewayName(
  reference: string,
  vsNamespace: string | undefined,
): { name: string; namespace?: string } {
  const slash = reference.indexOf('/');
  return slash < 0
    ? { name: reference, namespace: vsNamespace }
    : {
        name: reference.slice(slash + 1),
        namespace: reference.slice(0, slash),
      };
}

function serversFor(
  gateway: KubeObject,
  host: string,
): Record<string, unknown>[] {
  return asArray(field(gateway, 'spec', 'servers'))
    .map(asRecord)
    .filter(s =>
      asStringArray(s.hosts).some(h => {
        const bare = h.includes('/') ? h.slice(h.indexOf('/') + 1) : h;
        return (
          bare === '*' ||
          bare === host ||
          (bare.startsWith('*.') && host.endsWith(bare.slice(1)))
        );
      }),
    );
}

/** A DestinationRule for the external host that originates TLS (mode SIMPLE or MUTUAL). */
function originatesTls(destinationRules: KubeObject[]): boolean {
  const originating = (tls: unknown) =>
    ['SIMPLE', 'MUTUAL'].includes(asString(asRecord(tls).mode) ?? '');
  return destinationRules.some(dr => {
    const policy = asRecord(field(dr, 'spec', 'trafficPolicy'));
    return (
      originating(policy.tls) ||
      asArray(policy.portLevelSettings).some(p => originating(asRecord(p).tls))
    );
  });
}

/** The egress gateway Service that mesh traffic for `host` is sent to (`<name>.<ns>.svc.cluster.local`). */
function meshDestination(vs: KubeObject): string | undefined {
  const routes = [
    ...asArray(field(vs, 'spec', 'http')),
    ...asArray(field(vs, 'spec', 'tls')),
  ].map(asRecord);
  for (const route of routes) {
    const fromMesh = asArray(route.match).some(m =>
      asStringArray(asRecord(m).gateways).includes('mesh'),
    );
    if (!fromMesh) {
      continue;
    }
    const destination = asString(
      field(asArray(route.route)[0], 'destination', 'host'),
    );
    if (destination) {
      return destination;
    }
  }
  return undefined;
}

/** Objects in `namespace` first: Istio config is exported mesh-wide by default, but the nearest is meant. */
function nearestFirst(
  objects: KubeObject[],
  namespace: string | undefined,
): KubeObject[] {
  return [...objects].sort(
    (a, b) =>
      Number(namespaceOf(b) === namespace) -
      Number(namespaceOf(a) === namespace),
  );
}

/** DestinationRules for `host`, only those of `namespace` when it has any. */
function rulesFor(
  host: string,
  destinationRules: KubeObject[],
  namespace: string | undefined,
): KubeObject[] {
  const forHost = destinationRules.filter(
    dr => asString(field(dr, 'spec', 'host')) === host,
  );
  const local = forHost.filter(dr => namespaceOf(dr) === namespace);
  // Like Istio's lookup for a ServiceEntry host: its own namespace first, else the mesh root namespace.
  return local.length
    ? local
    : forHost.filter(dr => namespaceOf(dr) === MESH_CONFIG_NAMESPACE);
}

function classify(
  host: string,
  namespace: string | undefined,
  objects: EgressConfigObjects,
): Pick<EgressHostView, 'mode' | 'via'> {
  for (const vs of nearestFirst(objects.virtualServices, namespace)) {
    if (!asStringArray(field(vs, 'spec', 'hosts')).includes(host)) {
      continue;
    }
    const vsNamespace = namespaceOf(vs);
    for (const reference of asStringArray(field(vs, 'spec', 'gateways')).filter(
      g => g !== 'mesh',
    )) {
      const target = resolveGatewayName(reference, vsNamespace);
      const gateway = objects.istioGateways.find(
        g => nameOf(g) === target.name && namespaceOf(g) === target.namespace,
      );
      if (!gateway) {
        continue;
      }
      const servers = serversFor(gateway, host);
      if (servers.length === 0) {
        continue;
      }
      const egressService = meshDestination(vs);
      const via = {
        gateway: target.name,
        namespace: target.namespace ?? '',
        ...(egressService ? { egressService } : {}),
      };
      const protocols = servers.map(s =>
        asString(field(s, 'port', 'protocol'))?.toUpperCase(),
      );
      const destinationRules = rulesFor(
        host,
        objects.destinationRules,
        vsNamespace,
      );
      const passthrough = servers.some(
        s => asString(field(s, 'tls', 'mode')) === 'PASSTHROUGH',
      );
      let mode: EgressMode;
      if (
        passthrough ||
        (protocols.includes('TLS') && !originatesTls(destinationRules))
      ) {
        mode = 'tls-passthrough';
      } else if (originatesTls(destinationRules)) {
        mode = 'tls-origination';
      } else {
        mode = 'http';
      }
      return { mode, via };
    }
  }
  return { mode: 'direct' };
}

/**
 * External hosts of the mesh (ServiceEntry hosts) and how their traffic leaves: through an egress gateway
 * as plain HTTP, as TLS passthrough (SNI), with TLS originated at the gateway, or directly from the sidecar.
 */
export function interpretEgressHosts(
  objects: EgressConfigObjects,
): EgressHostView[] {
  const hosts: EgressHostView[] = [];
  for (const serviceEntry of objects.serviceEntries) {
    const ports = asArray(field(serviceEntry, 'spec', 'ports'))
      .map(asRecord)
      .map(p => ({
        number: asNumber(p.number) ?? 0,
        ...(asString(p.protocol) ? { protocol: asString(p.protocol) } : {}),
        ...(asString(p.name) ? { name: asString(p.name) } : {}),
      }));
    const resolution = asString(field(serviceEntry, 'spec', 'resolution'));
    for (const host of asStringArray(field(serviceEntry, 'spec', 'hosts'))) {
      hosts.push({
        host,
        ports,
        ...classify(host, namespaceOf(serviceEntry), objects),
        ...(resolution ? { resolution } : {}),
        serviceEntry: {
          name: nameOf(serviceEntry),
          ...(namespaceOf(serviceEntry)
            ? { namespace: namespaceOf(serviceEntry) }
            : {}),
        },
      });
    }
  }
  return hosts;
}
