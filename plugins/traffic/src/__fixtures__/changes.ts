import {
  changeObjectRefOf as refOf,
  type ChangeRecord,
  type ClusterSummary,
  type GatewayOption,
  type KubeObject,
} from '@aks-traffic/backstage-plugin-traffic-common';

/** Changes as the traffic backend sends them (`GET /changes/:id`). */
const gatewayObject: KubeObject = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name: 'httpbin-gateway', namespace: 'default' },
  spec: {
    gatewayClassName: 'istio',
    listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }],
  },
};
const routeObject: KubeObject = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'httpbin', namespace: 'default' },
  spec: {
    parentRefs: [{ name: 'httpbin-gateway' }],
    rules: [{ backendRefs: [{ name: 'httpbin', port: 8000 }] }],
  },
};

export const pendingGatewayChange: ChangeRecord = {
  id: 'chg-7f3a',
  state: 'pending-approval',
  cluster: 'aks-prod-westeurope',
  journey: 'gateway',
  entityRef: 'component:default/httpbin',
  requestedBy: 'user:default/jane.doe',
  createdAt: '2025-11-21T09:12:00Z',
  updatedAt: '2025-11-21T09:12:00Z',
  objects: [gatewayObject, routeObject],
  objectRefs: [refOf(gatewayObject), refOf(routeObject)],
  plan: [
    {
      ref: refOf(gatewayObject),
      action: 'create',
      diff: [
        '+apiVersion: gateway.networking.k8s.io/v1',
        '+kind: Gateway',
        '+spec:',
        '+  gatewayClassName: istio',
      ].join('\n'),
    },
    { ref: refOf(routeObject), action: 'unchanged', diff: '' },
  ],
  dryRunResult: [gatewayObject, routeObject],
  warnings: [],
  policyReasons: ['New Gateway with a public load balancer'],
  message:
    'Waiting for platform-team approval: New Gateway with a public load balancer. Approval would create Gateway default/httpbin-gateway.',
  approvalUrl: 'http://localhost:3000/traffic-approvals?change=chg-7f3a',
};

export const pendingEgressChange: ChangeRecord = {
  id: 'chg-81bc',
  state: 'pending-approval',
  cluster: 'aks-prod-northeurope',
  journey: 'egress',
  entityRef: 'component:default/httpbin',
  requestedBy: 'user:default/john.roe',
  reason: 'New egress host api.github.com',
  createdAt: '2025-11-21T09:40:00Z',
  updatedAt: '2025-11-21T09:40:00Z',
  objects: [],
  objectRefs: [
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'ServiceEntry',
      namespace: 'egress-http',
      name: 'github',
    },
  ],
  plan: [],
  dryRunResult: [],
  warnings: [],
  policyReasons: ['Egress to a new external host'],
  message: 'Waiting for platform-team approval: Egress to a new external host.',
};

export const appliedChange: ChangeRecord = {
  id: 'chg-6a01',
  state: 'applied',
  cluster: 'aks-prod-westeurope',
  journey: 'route',
  entityRef: 'component:default/httpbin',
  requestedBy: 'user:default/jane.doe',
  reason: 'Cross-namespace ReferenceGrant',
  createdAt: '2025-11-20T15:00:00Z',
  updatedAt: '2025-11-20T15:30:00Z',
  objects: [routeObject],
  objectRefs: [refOf(routeObject)],
  plan: [
    {
      ref: refOf(routeObject),
      action: 'update',
      diff: '-  port: 80\n+  port: 8000',
    },
  ],
  dryRunResult: [routeObject],
  warnings: [],
  policyReasons: ['Cross-namespace reference'],
  message:
    'Approved by user:default/platform.lead and applied: update HTTPRoute default/httpbin.',
  decidedBy: 'user:default/platform.lead',
  decidedAt: '2025-11-20T15:30:00Z',
  decisionComment: 'Looks good',
  appliedAt: '2025-11-20T15:30:00Z',
};

/** jane.doe took her request back before anyone decided. */
export const withdrawnChange: ChangeRecord = {
  ...pendingGatewayChange,
  id: 'chg-5e12',
  state: 'withdrawn',
  createdAt: '2025-11-19T08:00:00Z',
  updatedAt: '2025-11-19T08:20:00Z',
  reason: 'Wrong cluster',
  message:
    'Withdrawn by user:default/jane.doe: Filed against the wrong cluster',
  decidedBy: 'user:default/jane.doe',
  decidedAt: '2025-11-19T08:20:00Z',
  decisionComment: 'Filed against the wrong cluster',
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
