import type { EgressView } from '@aks-traffic/backstage-plugin-traffic-common';

/** The egress seed: static IP prefix, two hosts, REGISTRY_ONLY mesh-wide. */
export const registryOnlyEgress: EgressView = {
  gateways: [
    {
      name: 'asm-egress-test',
      namespace: 'aks-istio-egress',
      revision: 'asm-1-26',
      staticGatewayConfiguration: 'egress-sgc',
      prefix: { raw: '20.1.2.0/30', kind: 'cidr', cidrs: ['20.1.2.0/30'] },
      ready: true,
    },
    {
      name: 'asm-egress-private',
      namespace: 'aks-istio-egress',
      revision: 'asm-1-26',
      staticGatewayConfiguration: 'egress-private-sgc',
      prefix: {
        raw: '10.224.0.10,10.224.0.11',
        kind: 'ip-list',
        ips: ['10.224.0.10', '10.224.0.11'],
      },
      ready: true,
    },
  ],
  hosts: [
    {
      host: 'edition.cnn.com',
      ports: [{ number: 80, protocol: 'HTTP', name: 'http' }],
      mode: 'http',
      via: {
        gateway: 'egress-gateway',
        namespace: 'egress-http',
        egressService: 'asm-egress-test',
      },
      resolution: 'DNS',
      serviceEntry: { name: 'cnn', namespace: 'egress-http' },
    },
    {
      host: 'api.github.com',
      ports: [{ number: 443, protocol: 'TLS', name: 'tls' }],
      mode: 'tls-passthrough',
      via: {
        gateway: 'egress-gateway',
        namespace: 'egress-http',
        egressService: 'asm-egress-test',
      },
      resolution: 'DNS',
      serviceEntry: { name: 'github', namespace: 'egress-http' },
    },
  ],
  outboundPolicy: {
    mode: 'REGISTRY_ONLY',
    scope: 'mesh',
    source: 'ConfigMap aks-istio-system/istio-shared-configmap-asm-1-26',
  },
};

export const allowAnyEgress: EgressView = {
  gateways: [],
  hosts: [],
  outboundPolicy: { mode: 'ALLOW_ANY', scope: 'mesh', source: 'Istio default' },
};

/** A gateway whose StaticGatewayConfiguration has no prefix yet. */
export const pendingPrefixEgress: EgressView = {
  gateways: [
    {
      name: 'asm-egress-new',
      namespace: 'aks-istio-egress',
      staticGatewayConfiguration: 'egress-new-sgc',
      prefix: { raw: '', kind: 'pending' },
      ready: false,
      message:
        'StaticGatewayConfiguration egress-new-sgc has no egressIpPrefix yet',
    },
  ],
  hosts: [],
  outboundPolicy: {
    mode: 'REGISTRY_ONLY',
    scope: 'namespace',
    source: 'Sidecar default/default',
  },
};
