import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'js-yaml';

const step = (name: string, input: Record<string, unknown>) =>
  yaml.dump({
    steps: [{ id: 'route', action: 'traffic:route:create', name, input }],
  });

/** Seed scenarios for `traffic:route:create` (the examples test runs every one). */
export const examples: TemplateExample[] = [
  {
    description:
      'Route httpbin.example.com/get to the httpbin Service (Istio Gateway API ingress seed).',
    example: step('Route to httpbin', {
      cluster: 'aks-prod-weu',
      name: 'http',
      namespace: 'default',
      gateway: { name: 'httpbin-gateway' },
      hostnames: ['httpbin.example.com'],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/get' } }],
          backends: [{ service: 'httpbin', port: 8000 }],
        },
      ],
    }),
  },
  {
    description:
      'Attach an app route in its own namespace to the managed external ingress Gateway in aks-istio-ingress, applied as the user.',
    example: step('Store front route', {
      cluster: 'aks-prod-weu',
      delivery: 'apply',
      entityRef: 'component:pets/store-front',
      name: 'store-front',
      namespace: 'pets',
      gateway: { name: 'gateway', namespace: 'aks-istio-ingress' },
      hostnames: ['store.aks.rocks'],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          backends: [{ service: 'store-front', port: 80 }],
        },
      ],
    }),
  },
  {
    description:
      'Traffic split 90/10 between two backends on an Application Gateway for Containers Gateway.',
    example: step('Traffic split', {
      cluster: 'aks-prod-weu',
      name: 'traffic-split-mesh-route',
      namespace: 'test-infra',
      gateway: { name: 'gateway-01', namespace: 'test-infra' },
      rules: [
        {
          backends: [
            { service: 'backend-v1', port: 8080, weight: 90 },
            { service: 'backend-v2', port: 8080, weight: 10 },
          ],
        },
      ],
    }),
  },
  {
    description:
      'Front Door + Private Link: route all paths to echoserver and answer the Front Door health probe /probe with Envoy readiness.',
    example: step('Front Door routes', {
      cluster: 'aks-prod-weu',
      delivery: 'files',
      path: 'traffic/echoserver',
      name: 'echoserver',
      namespace: 'default',
      gateway: { name: 'istio-ingress' },
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          backends: [{ service: 'echoserver', port: 8080 }],
        },
      ],
      frontDoorHealthProbe: { enabled: true, probePath: '/probe' },
    }),
  },
];
