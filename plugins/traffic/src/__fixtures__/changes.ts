import type {
  ClusterSummary,
  GatewayOption,
} from '@aks-traffic/backstage-plugin-traffic-common';
import type { ChangeSummary } from '../api/types';

export const pendingGatewayChange: ChangeSummary = {
  id: 'chg-7f3a',
  state: 'pending-approval',
  cluster: 'aks-prod-westeurope',
  entityRef: 'component:default/httpbin',
  requester: 'user:default/jane.doe',
  createdAt: '2025-11-21T09:12:00Z',
  objects: [
    {
      kind: 'Gateway',
      name: 'httpbin-gateway',
      namespace: 'default',
      group: 'gateway.networking.k8s.io',
    },
    {
      kind: 'HTTPRoute',
      name: 'httpbin',
      namespace: 'default',
      group: 'gateway.networking.k8s.io',
    },
  ],
  reason: 'New Gateway with a public load balancer',
  diff: [
    '--- live',
    '+++ proposed',
    '@@ Gateway default/httpbin-gateway @@',
    '+apiVersion: gateway.networking.k8s.io/v1',
    '+kind: Gateway',
    '+spec:',
    '+  gatewayClassName: istio',
  ].join('\n'),
  dryRun:
    'gateway.gateway.networking.k8s.io/httpbin-gateway created (server dry run)',
};

export const pendingEgressChange: ChangeSummary = {
  id: 'chg-81bc',
  state: 'pending-approval',
  cluster: 'aks-prod-northeurope',
  entityRef: 'component:default/httpbin',
  requester: 'user:default/john.roe',
  createdAt: '2025-11-21T09:40:00Z',
  objects: [
    {
      kind: 'ServiceEntry',
      name: 'github',
      namespace: 'egress-http',
      group: 'networking.istio.io',
    },
  ],
  reason: 'New egress host api.github.com',
};

export const appliedChange: ChangeSummary = {
  id: 'chg-6a01',
  state: 'applied',
  cluster: 'aks-prod-westeurope',
  entityRef: 'component:default/httpbin',
  requester: 'user:default/jane.doe',
  createdAt: '2025-11-20T15:00:00Z',
  objects: [{ kind: 'HTTPRoute', name: 'httpbin', namespace: 'default' }],
  reason: 'Cross-namespace ReferenceGrant',
  message: 'Applied 1 object',
  decidedBy: 'user:default/platform.lead',
  decidedAt: '2025-11-20T15:30:00Z',
  decisionComment: 'Looks good',
};

export const clusters: ClusterSummary[] = [
  {
    name: 'aks-prod-westeurope',
    reachable: true,
    gatewayApiVersion: 'v1.2.1',
    istioRevisions: ['asm-1-26'],
    lastSync: '2025-11-21T10:00:00Z',
  },
  {
    name: 'aks-prod-northeurope',
    reachable: false,
    istioRevisions: [],
    error: 'connect ETIMEDOUT 10.1.0.4:443',
  },
];

export const gatewayOptions: GatewayOption[] = [
  {
    cluster: 'aks-prod-westeurope',
    namespace: 'default',
    name: 'httpbin-gateway',
    className: 'istio',
    addresses: ['20.61.14.3'],
    listeners: [
      {
        name: 'http',
        protocol: 'HTTP',
        port: 80,
        hostname: '*.example.com',
        allowedRoutesFrom: 'Same',
      },
      {
        name: 'https',
        protocol: 'HTTPS',
        port: 443,
        hostname: 'httpbin.example.com',
        allowedRoutesFrom: 'Same',
      },
    ],
  },
  {
    cluster: 'aks-prod-westeurope',
    namespace: 'aks-istio-ingress',
    name: 'aks-istio-ingressgateway-external',
    className: 'istio',
    addresses: [
      'aks-istio-ingressgateway-external.aks-istio-ingress.svc.cluster.local',
    ],
    listeners: [
      { name: 'http', protocol: 'HTTP', port: 80, allowedRoutesFrom: 'All' },
    ],
  },
];
