import type {
  GatewayView,
  ListenerView,
} from '@aks-traffic/backstage-plugin-traffic-common';
import { failing, ok } from './checks';

const listenerOk = (
  listener: Pick<ListenerView, 'name' | 'protocol' | 'port' | 'hostname'> &
    Partial<ListenerView>,
): ListenerView => ({
  certificateRefs: [],
  attachedRoutes: 1,
  accepted: ok('Listener accepted', 'Accepted'),
  programmed: ok('Listener programmed', 'Programmed'),
  resolvedRefs: ok('References resolved', 'ResolvedRefs'),
  conflicted: ok('No conflicts', 'NoConflicts'),
  state: 'ok',
  ...listener,
});

/** `httpbin-gateway` of the seed: automated deployment, HTTP and HTTPS listeners. */
export const httpbinGateway: GatewayView = {
  ref: { kind: 'Gateway', name: 'httpbin-gateway', namespace: 'default' },
  className: 'istio',
  addresses: [{ type: 'IPAddress', value: '20.61.14.3' }],
  accepted: ok('Resource accepted', 'Accepted'),
  programmed: ok(
    'Resource programmed, assigned to service(s) httpbin-gateway-istio.default.svc.cluster.local:80',
    'Programmed',
  ),
  listeners: [
    listenerOk({
      name: 'http',
      protocol: 'HTTP',
      port: 80,
      hostname: 'httpbin.example.com',
      attachedRoutes: 2,
    }),
    listenerOk({
      name: 'https',
      protocol: 'HTTPS',
      port: 443,
      hostname: 'httpbin.example.com',
      tlsMode: 'Terminate',
      certificateRefs: [
        { kind: 'Secret', name: 'httpbin-credential', namespace: 'default' },
      ],
    }),
  ],
  revision: 'asm-1-26',
  revisionSource: 'namespace-label',
  deploymentMode: 'automated',
  workload: {
    deployment: {
      name: 'httpbin-gateway-istio',
      desiredReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      state: 'ok',
      message: '2 of 2 replicas ready',
    },
    service: {
      name: 'httpbin-gateway-istio',
      type: 'LoadBalancer',
      clusterIP: '10.0.118.2',
      externalAddresses: ['20.61.14.3'],
      ports: [15021, 80, 443],
      state: 'ok',
      message: 'Load balancer address 20.61.14.3',
    },
    hpa: {
      name: 'httpbin-gateway-istio',
      minReplicas: 2,
      maxReplicas: 5,
      currentReplicas: 2,
      desiredReplicas: 2,
      state: 'ok',
      message: '2 replicas (min 2, max 5)',
    },
    pdb: {
      name: 'httpbin-gateway-istio',
      minAvailable: 1,
      currentHealthy: 2,
      disruptionsAllowed: 1,
      state: 'ok',
      message: '1 disruption allowed',
    },
    state: 'ok',
  },
  state: 'ok',
};

/** The managed external ingress (manual deployment, Hostname address), with a listener whose certificate is not synced. */
export const managedIngressGateway: GatewayView = {
  ref: {
    kind: 'Gateway',
    name: 'aks-istio-ingressgateway-external',
    namespace: 'aks-istio-ingress',
  },
  className: 'istio',
  addresses: [
    {
      type: 'Hostname',
      value:
        'aks-istio-ingressgateway-external.aks-istio-ingress.svc.cluster.local',
    },
  ],
  accepted: ok('Resource accepted', 'Accepted'),
  programmed: ok('Resource programmed', 'Programmed'),
  listeners: [
    listenerOk({
      name: 'http',
      protocol: 'HTTP',
      port: 80,
      hostname: '*.aks.rocks',
      attachedRoutes: 2,
    }),
    listenerOk({
      name: 'https',
      protocol: 'HTTPS',
      port: 443,
      hostname: '*.aks.rocks',
      tlsMode: 'Terminate',
      attachedRoutes: 0,
      certificateRefs: [
        {
          kind: 'Secret',
          name: 'aks-rocks-credential',
          namespace: 'aks-istio-ingress',
        },
      ],
      resolvedRefs: failing(
        'InvalidCertificateRef',
        'Secret aks-rocks-credential not found',
        'The Key Vault secret syncs only while a pod mounts SecretProviderClass aks-rocks-credential-spc: deploy the sync workload.',
      ),
      programmed: failing(
        'Invalid',
        'Listener not programmed: invalid certificate reference',
        'Fix the certificate reference.',
      ),
      state: 'error',
    }),
  ],
  revision: 'asm-1-26',
  revisionSource: 'gateway-label',
  deploymentMode: 'manual',
  problem: failing(
    'InvalidCertificateRef',
    'Listener https: Secret aks-rocks-credential not found',
    'The Key Vault secret syncs only while a pod mounts SecretProviderClass aks-rocks-credential-spc: deploy the sync workload.',
  ),
  state: 'error',
};
