export type EgressPrefixKind = 'cidr' | 'ip-list' | 'pending';

/** `status.egressIpPrefix` of a StaticGatewayConfiguration, parsed. */
export interface EgressPrefixView {
  raw: string;
  kind: EgressPrefixKind;
  cidrs?: string[];
  ips?: string[];
  /** Entries that are neither valid IPv4/IPv6 addresses nor CIDRs. */
  invalid?: string[];
}

export interface EgressGatewayView {
  name: string;
  namespace: string;
  revision?: string;
  staticGatewayConfiguration?: string;
  prefix: EgressPrefixView;
  ready: boolean;
  /** Why it is not ready, as a sentence. */
  message?: string;
}

/**
 * http: plain HTTP through the egress gateway; tls-passthrough: SNI routing of the app's TLS;
 * tls-origination: the app speaks HTTP, the egress gateway opens TLS; direct: not through an egress gateway.
 */
export type EgressMode =
  | 'http'
  | 'tls-passthrough'
  | 'tls-origination'
  | 'direct';

export interface EgressHostView {
  host: string;
  ports: Array<{ number: number; protocol?: string; name?: string }>;
  mode: EgressMode;
  via?: { gateway: string; namespace: string; egressService?: string };
  /** ServiceEntry `resolution` (DNS, STATIC, NONE, DNS_ROUND_ROBIN). */
  resolution?: string;
  serviceEntry: { name: string; namespace?: string };
}

export type OutboundTrafficMode = 'REGISTRY_ONLY' | 'ALLOW_ANY';

export interface OutboundPolicyView {
  mode: OutboundTrafficMode;
  scope: 'mesh' | 'namespace';
  /** Where the mode comes from, e.g. `ConfigMap aks-istio-system/istio-shared-configmap-asm-1-26` or `Istio default`. */
  source: string;
}

export interface EgressView {
  gateways: EgressGatewayView[];
  hosts: EgressHostView[];
  outboundPolicy: OutboundPolicyView;
}
