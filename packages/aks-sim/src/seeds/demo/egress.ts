import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import { dump } from 'js-yaml';
import { enableIstioEgressGateway } from '../../controllers/egress/istioEgressGateway';
import { KUBERNETES_ID_LABEL, type SeedWriter } from '../seedWriter';

const ISTIO_NETWORKING = 'networking.istio.io/v1';
export const EGRESS_NAMESPACE = 'aks-istio-egress';
export const EGRESS_GATEWAY = 'asm-egress-curl';
export const STATIC_GATEWAY_CONFIGURATION = 'egress-static-ips';
export const CLIENT_NAMESPACE = 'curl';
const catalog = { [KUBERNETES_ID_LABEL]: 'curl' };
const gatewayHost = `${EGRESS_GATEWAY}.${EGRESS_NAMESPACE}.svc.cluster.local`;

function object(kind: string, name: string, spec: unknown): KubeObject {
  return { apiVersion: ISTIO_NETWORKING, kind, metadata: { name, namespace: CLIENT_NAMESPACE, labels: catalog }, spec };
}

/** Mesh (sidecar) -> egress gateway -> external host, for one HTTP host (seed "HTTP egress gateway"). */
function httpEgress(name: string, host: string): KubeObject[] {
  return [
    object('ServiceEntry', name, {
      hosts: [host],
      ports: [
        { number: 80, name: 'http-port', protocol: 'HTTP' },
        { number: 443, name: 'https', protocol: 'HTTPS' },
      ],
      resolution: 'DNS',
    }),
    object('Gateway', `${name}-egressgateway`, {
      selector: { istio: EGRESS_GATEWAY },
      servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: [host] }],
    }),
    object('DestinationRule', `egressgateway-for-${name}`, { host: gatewayHost, subsets: [{ name }] }),
    object('VirtualService', `direct-${name}-through-egress-gateway`, {
      hosts: [host],
      gateways: [`${name}-egressgateway`, 'mesh'],
      http: [
        { match: [{ gateways: ['mesh'], port: 80 }], route: [{ destination: { host: gatewayHost, subset: name, port: { number: 80 } }, weight: 100 }] },
        { match: [{ gateways: [`${name}-egressgateway`], port: 80 }], route: [{ destination: { host, port: { number: 80 } }, weight: 100 }] },
      ],
    }),
  ];
}

/** The app's own TLS, routed by SNI through the egress gateway (seed "HTTPS egress gateway"). */
function tlsPassthroughEgress(name: string, host: string): KubeObject[] {
  return [
    object('ServiceEntry', name, { hosts: [host], ports: [{ number: 443, name: 'tls', protocol: 'TLS' }], resolution: 'DNS' }),
    object('Gateway', `${name}-egressgateway`, {
      selector: { istio: EGRESS_GATEWAY },
      servers: [{ port: { number: 443, name: 'tls', protocol: 'TLS' }, hosts: [host], tls: { mode: 'PASSTHROUGH' } }],
    }),
    object('DestinationRule', `egressgateway-for-${name}`, { host: gatewayHost, subsets: [{ name }] }),
    object('VirtualService', `direct-${name}-through-egress-gateway`, {
      hosts: [host],
      gateways: ['mesh', `${name}-egressgateway`],
      tls: [
        { match: [{ gateways: ['mesh'], port: 443, sniHosts: [host] }], route: [{ destination: { host: gatewayHost, subset: name, port: { number: 443 } } }] },
        { match: [{ gateways: [`${name}-egressgateway`], port: 443, sniHosts: [host] }], route: [{ destination: { host, port: { number: 443 } }, weight: 100 }] },
      ],
    }),
  ];
}

/**
 * The app speaks HTTP, the egress gateway originates TLS (seed "TLS origination"). The seed runs
 * sidecar -> gateway mTLS on port 80; here port 80 already has the plaintext HTTP server above, and
 * istiod refuses plaintext and TLS servers on one gateway port, so this host uses 443 (told apart
 * from the passthrough host by SNI).
 */
function tlsOriginationEgress(name: string, host: string): KubeObject[] {
  const tlsPort = 443;
  return [
    object('ServiceEntry', name, {
      hosts: [host],
      ports: [
        { number: 80, name: 'http', protocol: 'HTTP' },
        { number: 443, name: 'https', protocol: 'HTTPS' },
      ],
      resolution: 'DNS',
    }),
    object('Gateway', `${name}-egressgateway`, {
      selector: { istio: EGRESS_GATEWAY },
      servers: [{ port: { number: tlsPort, name: 'https-port-for-tls-origination', protocol: 'HTTPS' }, hosts: [host], tls: { mode: 'ISTIO_MUTUAL' } }],
    }),
    object('DestinationRule', `egressgateway-for-${name}`, {
      host: gatewayHost,
      subsets: [
        {
          name,
          trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' }, portLevelSettings: [{ port: { number: tlsPort }, tls: { mode: 'ISTIO_MUTUAL', sni: host } }] },
        },
      ],
    }),
    object('VirtualService', `direct-${name}-through-egress-gateway`, {
      hosts: [host],
      gateways: [`${name}-egressgateway`, 'mesh'],
      http: [
        { match: [{ gateways: ['mesh'], port: 80 }], route: [{ destination: { host: gatewayHost, subset: name, port: { number: tlsPort } }, weight: 100 }] },
        { match: [{ gateways: [`${name}-egressgateway`], port: tlsPort }], route: [{ destination: { host, port: { number: 443 } }, weight: 100 }] },
      ],
    }),
    object('DestinationRule', `originate-tls-for-${host.replace(/\./g, '-')}`, {
      host,
      trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' }, portLevelSettings: [{ port: { number: 443 }, tls: { mode: 'SIMPLE' } }] },
    }),
  ];
}

/**
 * Istio add-on egress gateway with static egress IPs (seed `istio-egress-gateway-aks`): a
 * StaticGatewayConfiguration with a public /30 prefix, the add-on egress gateway, mesh-wide
 * REGISTRY_ONLY, and the curl client reaching three external hosts in the three modes.
 */
export function seedEgress(seed: SeedWriter): void {
  seed.apply({
    apiVersion: 'egressgateway.kubernetes.azure.com/v1alpha1',
    kind: 'StaticGatewayConfiguration',
    metadata: { name: STATIC_GATEWAY_CONFIGURATION, namespace: EGRESS_NAMESPACE },
    spec: { gatewayNodepoolName: 'gwpool', provisionPublicIps: true, gatewayVmssProfile: { publicIpPrefixSize: 30 } },
  });
  enableIstioEgressGateway(seed.store, {
    name: EGRESS_GATEWAY,
    namespace: EGRESS_NAMESPACE,
    gatewayConfigurationName: STATIC_GATEWAY_CONFIGURATION,
    revisions: seed.cluster.istioRevisions,
  });

  // Users edit the shared MeshConfig, never istio-asm-1-XX (AKS owns that one).
  seed.apply({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `istio-shared-configmap-${seed.revision}`, namespace: 'aks-istio-system' },
    data: { mesh: dump({ outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } }).trimEnd() },
  });

  seed.meshNamespace(CLIENT_NAMESPACE);
  seed.workload({
    name: 'curl',
    namespace: CLIENT_NAMESPACE,
    component: 'curl',
    image: 'docker.io/curlimages/curl:8.16.0',
    command: ['/bin/sleep', 'infinity'],
    servicePorts: [{ name: 'http', port: 80 }],
  });
  seed.applyAll([
    ...httpEgress('httpbin-org', 'httpbin.org'),
    ...tlsPassthroughEgress('cnn', 'edition.cnn.com'),
    ...tlsOriginationEgress('github-api', 'api.github.com'),
  ]);
}
