import type { KubeObject } from '../kube/types';
import type { EgressInput } from '../schemas/egressInput';
import { boundedName, compact, ISTIO_NETWORKING_V1, STATIC_GATEWAY_CONFIGURATION_API_VERSION } from './names';

/** Ports the add-on egress gateway Service exposes (egress seed: 80/TCP, 443/TCP). */
export const EGRESS_GATEWAY_HTTP_PORT = 80;
export const EGRESS_GATEWAY_TLS_PORT = 443;

/** Names of the routing objects, as the egress seed names them for `cnn`. */
export function egressObjectNames(input: EgressInput) {
  const { name, hosts } = input;
  return {
    serviceEntry: name,
    gateway: `${name}-egressgateway`,
    egressGatewayDestinationRule: `egressgateway-for-${name}`,
    virtualService: (index: number) =>
      hosts.length === 1 ? `direct-${name}-through-egress-gateway` : `direct-${name}-${index + 1}-through-egress-gateway`,
    subset: (index: number) => (input.mode === 'tls-origination' && hosts.length > 1 ? `${name}-${index + 1}` : name),
    originateTlsDestinationRule: (host: string) => boundedName(`originate-tls-for-${host.replace(/\./g, '-')}`, 253),
  };
}

/** Cluster-local FQDN of the egress gateway's Service. */
export function egressGatewayServiceHost(input: EgressInput): string {
  return `${input.egressGateway.name}.${input.egressGateway.namespace}.svc.cluster.local`;
}

function meta(name: string, input: EgressInput) {
  return { name, namespace: input.egressGateway.namespace };
}

export function buildEgressServiceEntry(input: EgressInput): KubeObject {
  const ports = {
    http: [
      { number: input.httpPort, name: 'http-port', protocol: 'HTTP' },
      { number: input.tlsPort, name: 'https', protocol: 'HTTPS' },
    ],
    'tls-passthrough': [{ number: input.tlsPort, name: 'tls', protocol: 'TLS' }],
    'tls-origination': [
      { number: input.httpPort, name: 'http', protocol: 'HTTP' },
      { number: input.tlsPort, name: 'https', protocol: 'HTTPS' },
    ],
  }[input.mode];
  return {
    apiVersion: ISTIO_NETWORKING_V1,
    kind: 'ServiceEntry',
    metadata: meta(egressObjectNames(input).serviceEntry, input),
    spec: { hosts: [...input.hosts], ports, resolution: 'DNS' },
  };
}

/** The Istio Gateway binding the hosts to the egress gateway pods (selector `istio: <name>`). */
export function buildEgressIstioGateway(input: EgressInput): KubeObject {
  const hosts = [...input.hosts];
  const server = {
    http: { port: { number: EGRESS_GATEWAY_HTTP_PORT, name: 'http', protocol: 'HTTP' }, hosts },
    'tls-passthrough': {
      port: { number: EGRESS_GATEWAY_TLS_PORT, name: 'tls', protocol: 'TLS' },
      hosts,
      tls: { mode: 'PASSTHROUGH' },
    },
    // Sidecar to egress gateway is mutual TLS on port 80; the gateway then originates TLS.
    'tls-origination': {
      port: { number: EGRESS_GATEWAY_HTTP_PORT, name: 'https-port-for-tls-origination', protocol: 'HTTPS' },
      hosts,
      tls: { mode: 'ISTIO_MUTUAL' },
    },
  }[input.mode];
  return {
    apiVersion: ISTIO_NETWORKING_V1,
    kind: 'Gateway',
    metadata: meta(egressObjectNames(input).gateway, input),
    spec: {
      selector: { istio: input.egressGateway.selectorLabel ?? input.egressGateway.name },
      servers: [server],
    },
  };
}

/** DestinationRule for the egress gateway Service: the subset(s) the sidecars route to. */
export function buildEgressGatewayDestinationRule(input: EgressInput): KubeObject {
  const names = egressObjectNames(input);
  const subsets =
    input.mode === 'tls-origination'
      ? input.hosts.map((host, index) => ({
          name: names.subset(index),
          trafficPolicy: {
            loadBalancer: { simple: 'ROUND_ROBIN' },
            portLevelSettings: [{ port: { number: EGRESS_GATEWAY_HTTP_PORT }, tls: { mode: 'ISTIO_MUTUAL', sni: host } }],
          },
        }))
      : [{ name: names.subset(0) }];
  return {
    apiVersion: ISTIO_NETWORKING_V1,
    kind: 'DestinationRule',
    metadata: meta(names.egressGatewayDestinationRule, input),
    spec: { host: egressGatewayServiceHost(input), subsets },
  };
}

/** One VirtualService per host: sidecars -> egress gateway -> external host (seed layout). */
export function buildEgressVirtualServices(input: EgressInput): KubeObject[] {
  const names = egressObjectNames(input);
  const gatewayHost = egressGatewayServiceHost(input);
  return input.hosts.map((host, index) => {
    const subset = names.subset(index);
    let spec: Record<string, unknown>;
    if (input.mode === 'tls-passthrough') {
      spec = {
        hosts: [host],
        gateways: ['mesh', names.gateway],
        tls: [
          {
            match: [{ gateways: ['mesh'], port: input.tlsPort, sniHosts: [host] }],
            route: [{ destination: { host: gatewayHost, subset, port: { number: EGRESS_GATEWAY_TLS_PORT } } }],
          },
          {
            match: [{ gateways: [names.gateway], port: EGRESS_GATEWAY_TLS_PORT, sniHosts: [host] }],
            route: [{ destination: { host, port: { number: input.tlsPort } }, weight: 100 }],
          },
        ],
      };
    } else {
      const externalPort = input.mode === 'tls-origination' ? input.tlsPort : input.httpPort;
      spec = {
        hosts: [host],
        gateways: [names.gateway, 'mesh'],
        http: [
          {
            match: [{ gateways: ['mesh'], port: input.httpPort }],
            route: [
              { destination: { host: gatewayHost, subset, port: { number: EGRESS_GATEWAY_HTTP_PORT } }, weight: 100 },
            ],
          },
          {
            match: [{ gateways: [names.gateway], port: EGRESS_GATEWAY_HTTP_PORT }],
            route: [{ destination: { host, port: { number: externalPort } }, weight: 100 }],
          },
        ],
      };
    }
    return {
      apiVersion: ISTIO_NETWORKING_V1,
      kind: 'VirtualService',
      metadata: meta(names.virtualService(index), input),
      spec,
    };
  });
}

/** TLS origination: the egress gateway opens HTTPS to each external host. */
export function buildOriginateTlsDestinationRules(input: EgressInput): KubeObject[] {
  if (input.mode !== 'tls-origination') return [];
  const names = egressObjectNames(input);
  return input.hosts.map(host => ({
    apiVersion: ISTIO_NETWORKING_V1,
    kind: 'DestinationRule',
    metadata: meta(names.originateTlsDestinationRule(host), input),
    spec: {
      host,
      trafficPolicy: {
        loadBalancer: { simple: 'ROUND_ROBIN' },
        portLevelSettings: [{ port: { number: input.tlsPort }, tls: { mode: 'SIMPLE' } }],
      },
    },
  }));
}

/** StaticGatewayConfiguration (kube-egress-gateway), only when asked to create one. */
export function buildStaticGatewayConfiguration(input: EgressInput): KubeObject | undefined {
  const sgc = input.staticGatewayConfiguration;
  if (!sgc?.create) return undefined;
  return {
    apiVersion: STATIC_GATEWAY_CONFIGURATION_API_VERSION,
    kind: 'StaticGatewayConfiguration',
    // It must live in the egress gateway's namespace.
    metadata: { name: sgc.name, namespace: input.egressGateway.namespace },
    spec: compact({
      gatewayNodepoolName: sgc.gatewayNodepoolName,
      provisionPublicIps: sgc.provisionPublicIps,
      publicIpPrefixId: sgc.publicIpPrefixId,
    }),
  };
}

/** Routing objects for one egress input, in the seed's order (registry-only is separate). */
export function buildEgressRoutingObjects(input: EgressInput): KubeObject[] {
  const sgc = buildStaticGatewayConfiguration(input);
  return [
    ...(sgc ? [sgc] : []),
    buildEgressServiceEntry(input),
    buildEgressIstioGateway(input),
    buildEgressGatewayDestinationRule(input),
    ...buildEgressVirtualServices(input),
    ...buildOriginateTlsDestinationRules(input),
  ];
}
