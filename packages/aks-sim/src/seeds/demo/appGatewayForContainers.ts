import { ALB_CONTROLLER_NAME } from '../../controllers/agc/albController';
import { KUBERNETES_ID_LABEL, type SeedWriter } from '../seedWriter';
import { STORE_NAMESPACE } from './storeIngress';

const GATEWAY_API = 'gateway.networking.k8s.io/v1';
export const AGC_GATEWAY = 'store-front-agc';

/**
 * Application Gateway for Containers in front of the mesh (seed `app-gateway-for-containers-istio`):
 * the `azure-alb-external` class the ALB Controller installs, a Gateway associated with an ALB by
 * annotations, and STRICT mTLS in the injected backend namespace (the ALB service mesh extension
 * speaks mTLS to it). Expects `storeWorkloads` to have created the namespace and Services.
 */
export function seedAppGatewayForContainers(seed: SeedWriter): void {
  seed.apply({
    apiVersion: GATEWAY_API,
    kind: 'GatewayClass',
    metadata: { name: 'azure-alb-external' },
    spec: { controllerName: ALB_CONTROLLER_NAME },
  });
  seed.apply({
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: 'default', namespace: STORE_NAMESPACE },
    spec: { mtls: { mode: 'STRICT' } },
  });
  seed.apply({
    apiVersion: GATEWAY_API,
    kind: 'Gateway',
    metadata: {
      name: AGC_GATEWAY,
      namespace: STORE_NAMESPACE,
      annotations: { 'alb.networking.azure.io/alb-namespace': 'alb-infra', 'alb.networking.azure.io/alb-name': 'alb-store' },
    },
    spec: {
      gatewayClassName: 'azure-alb-external',
      listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } }],
    },
  });
  seed.apply({
    apiVersion: GATEWAY_API,
    kind: 'HTTPRoute',
    metadata: { name: AGC_GATEWAY, namespace: STORE_NAMESPACE, labels: { [KUBERNETES_ID_LABEL]: 'store-front' } },
    spec: {
      parentRefs: [{ name: AGC_GATEWAY, namespace: STORE_NAMESPACE }],
      rules: [{ backendRefs: [{ name: 'store-front', port: 80 }] }],
    },
  });
}
