import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import type { ObjectStore } from '../store/types';
import { base64, loadScaleCertificate } from './certificates';
import { KUBERNETES_ID_LABEL } from './seedWriter';

export interface LoadScaleOptions {
  routes: number;
  gateways: number;
  tlsSecrets: number;
  /** Catalog components (`svc-<n>`) the routes are spread over; default 200. */
  components?: number;
  /** Namespaces (`scale-<n>`); default one per 10 gateways. */
  namespaces?: number;
}

export interface LoadScaleResult {
  namespaces: string[];
  /** Objects written, by kind. */
  counts: Record<string, number>;
}

const GATEWAY_API = 'gateway.networking.k8s.io/v1';
const MANAGER = 'aks-sim-load-scale';

/**
 * Benchmark data for one cluster, with deterministic names: Gateways `gw-<g>` (HTTP listener from
 * All, plus an HTTPS listener on a Secret of their namespace while there are Secrets), TLS Secrets
 * `tls-<s>` (one real certificate, reused), HTTPRoutes `route-<r>` labelled for components
 * `svc-<c>` (c = r mod components) with a backend Service `svc-<c>` in the route's namespace.
 * Route r lives in `scale-<r mod namespaces>` and attaches to `gw-<r mod gateways>`.
 *
 * Manual run (Node 24, one core of this machine, controllers stopped): 1,000 routes + 100
 * gateways + 500 secrets + 200 services + 10 namespaces load in about 0.7 s (AKS_SIM_BENCH=1, see
 * loadScale.test.ts). The controllers' first reconcile of the same data is separate.
 */
export function loadScale(store: ObjectStore, options: LoadScaleOptions): LoadScaleResult {
  const components = Math.max(1, options.components ?? 200);
  const namespaceCount = Math.max(1, options.namespaces ?? Math.ceil(options.gateways / 10));
  const namespaces = Array.from({ length: namespaceCount }, (_, i) => `scale-${i}`);
  const counts: Record<string, number> = {};
  const create = (object: KubeObject) => {
    store.create(object, { fieldManager: MANAGER });
    counts[object.kind] = (counts[object.kind] ?? 0) + 1;
  };

  for (const name of namespaces) create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'aks-sim/load-scale': 'true' } } });

  const certificate = loadScaleCertificate();
  const tlsData = { 'tls.crt': base64(certificate.certificatePem), 'tls.key': base64(certificate.privateKeyPem) };
  const secretsByNamespace = new Map<string, string[]>();
  for (let s = 0; s < options.tlsSecrets; s++) {
    const namespace = namespaces[s % namespaceCount];
    const name = `tls-${s}`;
    create({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, type: 'kubernetes.io/tls', data: tlsData });
    secretsByNamespace.set(namespace, [...(secretsByNamespace.get(namespace) ?? []), name]);
  }

  const gatewayNamespace = (g: number) => namespaces[g % namespaceCount];
  for (let g = 0; g < options.gateways; g++) {
    const namespace = gatewayNamespace(g);
    const secrets = secretsByNamespace.get(namespace) ?? [];
    const listeners: unknown[] = [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }];
    if (secrets.length > 0) {
      listeners.push({
        name: 'https',
        port: 443,
        protocol: 'HTTPS',
        hostname: `*.gw-${g}.scale.example.com`,
        tls: { mode: 'Terminate', certificateRefs: [{ name: secrets[Math.floor(g / namespaceCount) % secrets.length] }] },
        allowedRoutes: { namespaces: { from: 'All' } },
      });
    }
    create({ apiVersion: GATEWAY_API, kind: 'Gateway', metadata: { name: `gw-${g}`, namespace }, spec: { gatewayClassName: 'istio', listeners } });
  }

  const services = new Set<string>();
  for (let r = 0; r < options.routes; r++) {
    const namespace = namespaces[r % namespaceCount];
    const component = `svc-${r % components}`;
    const labels = { [KUBERNETES_ID_LABEL]: component };
    if (!services.has(`${namespace}/${component}`)) {
      services.add(`${namespace}/${component}`);
      create({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: component, namespace, labels: { app: component, ...labels } },
        spec: { selector: { app: component }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
      });
    }
    const parent = options.gateways > 0 ? r % options.gateways : undefined;
    create({
      apiVersion: GATEWAY_API,
      kind: 'HTTPRoute',
      metadata: { name: `route-${r}`, namespace, labels },
      spec: {
        parentRefs: parent === undefined ? [] : [{ name: `gw-${parent}`, namespace: gatewayNamespace(parent) }],
        hostnames: [parent === undefined ? `route-${r}.scale.example.com` : `route-${r}.gw-${parent}.scale.example.com`],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: `/${component}` } }], backendRefs: [{ name: component, port: 80 }] }],
      },
    });
  }
  return { namespaces, counts };
}
