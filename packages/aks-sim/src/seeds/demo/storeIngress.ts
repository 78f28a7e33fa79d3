import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import { KUBERNETES_ID_LABEL, type SeedWriter } from '../seedWriter';
import { httpbinWorkload } from './httpbinIngress';

const GATEWAY_API = 'gateway.networking.k8s.io/v1';
export const MANAGED_INGRESS_NAMESPACE = 'aks-istio-ingress';
export const MANAGED_INGRESS_SERVICE = 'aks-istio-ingressgateway-external';
export const MANAGED_INGRESS_GATEWAY = 'gateway';
export const STORE_NAMESPACE = 'pets';

/**
 * What `az aks mesh enable-ingress-gateway --ingress-gateway-type external` leaves in the cluster:
 * a LoadBalancer Service and a per-revision Deployment in aks-istio-ingress.
 */
function managedExternalIngress(seed: SeedWriter): void {
  const labels = { app: MANAGED_INGRESS_SERVICE, istio: MANAGED_INGRESS_SERVICE };
  seed.apply({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: MANAGED_INGRESS_SERVICE, namespace: MANAGED_INGRESS_NAMESPACE, labels },
    spec: {
      type: 'LoadBalancer',
      selector: labels,
      ports: [
        { name: 'status-port', port: 15021, targetPort: 15021 },
        { name: 'http2', port: 80, targetPort: 8080 },
        { name: 'https', port: 443, targetPort: 8443 },
      ],
    },
  });
  for (const revision of seed.cluster.istioRevisions) {
    seed.apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `${MANAGED_INGRESS_SERVICE}-${revision}`, namespace: MANAGED_INGRESS_NAMESPACE, labels: { ...labels, 'istio.io/rev': revision } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { ...labels, 'istio.io/rev': revision } },
        template: {
          metadata: { labels: { ...labels, 'istio.io/rev': revision, 'sidecar.istio.io/inject': 'true' }, annotations: { 'inject.istio.io/templates': 'gateway' } },
          spec: { containers: [{ name: 'istio-proxy', image: 'auto' }] },
        },
      },
    });
  }
}

export function attachedRoute(options: { name: string; namespace: string; component: string; hostname: string; backend: string; port: number }): KubeObject {
  return {
    apiVersion: GATEWAY_API,
    kind: 'HTTPRoute',
    metadata: { name: options.name, namespace: options.namespace, labels: { [KUBERNETES_ID_LABEL]: options.component } },
    spec: {
      parentRefs: [{ name: MANAGED_INGRESS_GATEWAY, namespace: MANAGED_INGRESS_NAMESPACE }],
      hostnames: [options.hostname],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: options.backend, port: options.port }] }],
    },
  };
}

/** The AKS store demo (store-front, store-admin) in the mesh, as the external-ingress seed deploys it. */
export function storeWorkloads(seed: SeedWriter): void {
  seed.meshNamespace(STORE_NAMESPACE);
  seed.workload({
    name: 'store-front',
    namespace: STORE_NAMESPACE,
    component: 'store-front',
    image: 'ghcr.io/azure-samples/aks-store-demo/store-front:2.1.0',
    containerPort: 8080,
    servicePorts: [{ name: 'http', port: 80, targetPort: 8080 }],
  });
  seed.workload({
    name: 'store-admin',
    namespace: STORE_NAMESPACE,
    component: 'store-admin',
    image: 'ghcr.io/azure-samples/aks-store-demo/store-admin:2.1.0',
    containerPort: 8081,
    servicePorts: [{ name: 'http', port: 80, targetPort: 8081 }],
  });
}

/**
 * Routes attached to the managed external ingress (seed `gateway-api-managed-istio-external-ingress`):
 * a manual-deployment Gateway whose single Hostname address names the add-on's Service.
 */
export function seedStoreIngress(seed: SeedWriter): void {
  managedExternalIngress(seed);
  seed.apply({
    apiVersion: GATEWAY_API,
    kind: 'Gateway',
    metadata: { name: MANAGED_INGRESS_GATEWAY, namespace: MANAGED_INGRESS_NAMESPACE },
    spec: {
      gatewayClassName: 'istio',
      addresses: [{ type: 'Hostname', value: MANAGED_INGRESS_SERVICE }],
      listeners: [{ name: 'default', hostname: '*.aks.rocks', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'All' } } }],
    },
  });
  storeWorkloads(seed);
  httpbinWorkload(seed, 'default');
  seed.applyAll([
    attachedRoute({ name: 'store-front', namespace: STORE_NAMESPACE, component: 'store-front', hostname: 'store.aks.rocks', backend: 'store-front', port: 80 }),
    attachedRoute({ name: 'store-admin', namespace: STORE_NAMESPACE, component: 'store-admin', hostname: 'admin.aks.rocks', backend: 'store-admin', port: 80 }),
    attachedRoute({ name: 'httpbin', namespace: 'default', component: 'httpbin', hostname: 'httpbin.aks.rocks', backend: 'httpbin', port: 8000 }),
  ]);
}
