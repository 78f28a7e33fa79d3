import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'js-yaml';

const step = (name: string, input: Record<string, unknown>) =>
  yaml.dump({
    steps: [{ id: 'gateway', action: 'traffic:gateway:create', name, input }],
  });

/** Seed scenarios for `traffic:gateway:create` (the examples test runs every one). */
export const examples: TemplateExample[] = [
  {
    description:
      'HTTP Gateway on the Istio add-on, automated deployment (Istio Gateway API ingress seed).',
    example: step('Create httpbin-gateway', {
      cluster: 'aks-prod-weu',
      name: 'httpbin-gateway',
      namespace: 'default',
      listeners: [
        {
          name: 'http',
          protocol: 'HTTP',
          port: 80,
          allowedRoutes: { from: 'Same' },
        },
      ],
    }),
  },
  {
    description:
      'HTTPS listener terminating TLS with a certificate synced from Azure Key Vault, written to the workspace for a pull request.',
    example: step('Create TLS gateway', {
      cluster: 'aks-prod-weu',
      delivery: 'files',
      path: 'clusters/aks-prod-weu/httpbin-gateway.yaml',
      name: 'httpbin-gateway',
      listeners: [
        {
          name: 'https',
          protocol: 'HTTPS',
          hostname: 'httpbin.example.com',
          tls: {
            certificateRefs: [{ name: 'httpbin-credential' }],
            keyVault: {
              keyVaultName: 'kv-apps-prod',
              tenantId: '11111111-2222-3333-4444-555555555555',
              identity: { clientId: '66666666-7777-8888-9999-000000000000' },
              objects: {
                source: 'secrets',
                keySecretName: 'test-httpbin-key',
                certSecretName: 'test-httpbin-crt',
              },
            },
          },
          allowedRoutes: {
            from: 'Selector',
            selector: { 'kubernetes.io/metadata.name': 'default' },
          },
        },
      ],
    }),
  },
  {
    description:
      'Program the AKS-managed external ingress gateway (aks-istio-ingress, Hostname address) for routes from all namespaces.',
    example: step('Gateway on the managed external ingress', {
      cluster: 'aks-prod-weu',
      name: 'gateway',
      mode: 'managed-external',
      listeners: [
        {
          name: 'default',
          protocol: 'HTTP',
          port: 80,
          hostname: '*.aks.rocks',
          allowedRoutes: { from: 'All' },
        },
      ],
    }),
  },
  {
    description:
      'Application Gateway for Containers Gateway (azure-alb-external) managed by ALB Controller.',
    example: step('AGC gateway', {
      cluster: 'aks-prod-weu',
      name: 'gateway-01',
      namespace: 'test-infra',
      gatewayClass: 'azure-alb-external',
      alb: { name: 'alb-test', namespace: 'alb-test-infra' },
      listeners: [
        {
          name: 'http',
          protocol: 'HTTP',
          port: 80,
          allowedRoutes: { from: 'All' },
        },
      ],
    }),
  },
  {
    description:
      'Internal load balancer exposed through a Private Link Service as an Azure Front Door Premium origin, with HPA and PDB customization, applied through the traffic backend.',
    example: step('Front Door origin gateway', {
      cluster: 'aks-prod-weu',
      delivery: 'apply',
      entityRef: 'component:default/echoserver',
      reason: 'Front Door origin for echoserver',
      name: 'istio-ingress',
      namespace: 'default',
      istioRevision: 'asm-1-26',
      infrastructure: {
        internalLoadBalancer: true,
        privateLinkService: { name: 'pls-istio-ingress', ipAddressCount: 1 },
      },
      customization: {
        horizontalPodAutoscaler: { minReplicas: 2, maxReplicas: 4 },
        podDisruptionBudget: { minAvailable: 1 },
      },
      listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }],
    }),
  },
  {
    description:
      "A new Gateway with its route in one change: preflight finds the new Gateway, and where new Gateways need approval one approval applies both (the route's gateway defaults to this Gateway).",
    example: step('Create httpbin-gateway with its route', {
      cluster: 'aks-prod-weu',
      delivery: 'apply',
      entityRef: 'component:default/httpbin',
      reason: 'expose httpbin',
      name: 'httpbin-gateway',
      namespace: 'default',
      listeners: [
        {
          name: 'http',
          protocol: 'HTTP',
          port: 80,
          allowedRoutes: { from: 'Same' },
        },
      ],
      routes: [
        {
          name: 'http',
          namespace: 'default',
          hostnames: ['httpbin.example.com'],
          rules: [
            {
              matches: [{ path: { type: 'PathPrefix', value: '/get' } }],
              backends: [{ service: 'httpbin', port: 8000 }],
            },
          ],
        },
      ],
    }),
  },
];
