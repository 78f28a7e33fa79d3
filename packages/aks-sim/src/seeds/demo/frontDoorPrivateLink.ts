import { KUBERNETES_ID_LABEL, type SeedWriter } from '../seedWriter';
import { STORE_NAMESPACE } from './storeIngress';

const GATEWAY_API = 'gateway.networking.k8s.io/v1';
export const FRONT_DOOR_NAMESPACE = 'afd-ingress';
export const FRONT_DOOR_GATEWAY = 'store-admin-private';
export const PLS_ANNOTATIONS = {
  'service.beta.kubernetes.io/azure-load-balancer-internal': 'true',
  'service.beta.kubernetes.io/azure-pls-create': 'true',
  'service.beta.kubernetes.io/azure-pls-name': 'pls-store-admin',
  'service.beta.kubernetes.io/azure-pls-ip-configuration-subnet': 'snet-private-link',
  'service.beta.kubernetes.io/azure-pls-proxy-protocol': 'false',
  'service.beta.kubernetes.io/azure-pls-visibility': '*',
};

/**
 * Azure Front Door Premium -> Private Link -> internal load balancer -> Istio gateway (seed
 * `istio-front-door-private-link`), in Gateway API form: the automated deployment's Service gets
 * the internal LB and PLS annotations from `spec.infrastructure`, and Front Door's health probe
 * `/probe` is rewritten to the gateway's own readiness endpoint `/healthz/ready` on port 15021.
 */
export function seedFrontDoorPrivateLink(seed: SeedWriter): void {
  const catalog = { [KUBERNETES_ID_LABEL]: 'store-admin' };
  seed.namespace(FRONT_DOOR_NAMESPACE);
  seed.apply({
    apiVersion: GATEWAY_API,
    kind: 'Gateway',
    metadata: { name: FRONT_DOOR_GATEWAY, namespace: FRONT_DOOR_NAMESPACE },
    spec: {
      gatewayClassName: 'istio',
      infrastructure: { annotations: PLS_ANNOTATIONS },
      listeners: [
        {
          name: 'http',
          port: 80,
          protocol: 'HTTP',
          allowedRoutes: {
            namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [FRONT_DOOR_NAMESPACE, STORE_NAMESPACE] }] } },
          },
        },
      ],
    },
  });
  seed.applyAll([
    {
      apiVersion: GATEWAY_API,
      kind: 'HTTPRoute',
      metadata: { name: `${FRONT_DOOR_GATEWAY}-frontdoor-health-probe`, namespace: FRONT_DOOR_NAMESPACE, labels: catalog },
      spec: {
        parentRefs: [{ name: FRONT_DOOR_GATEWAY }],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/probe' } }],
            filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/healthz/ready' } } }],
            backendRefs: [{ name: `${FRONT_DOOR_GATEWAY}-istio`, port: 15021 }],
          },
        ],
      },
    },
    {
      apiVersion: GATEWAY_API,
      kind: 'HTTPRoute',
      metadata: { name: 'store-admin-private', namespace: STORE_NAMESPACE, labels: catalog },
      spec: {
        parentRefs: [{ name: FRONT_DOOR_GATEWAY, namespace: FRONT_DOOR_NAMESPACE }],
        hostnames: ['admin.contoso-store.internal'],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'store-admin', port: 80 }] }],
      },
    },
  ]);
}
