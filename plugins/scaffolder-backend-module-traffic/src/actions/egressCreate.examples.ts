import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'js-yaml';

const step = (name: string, input: Record<string, unknown>) =>
  yaml.dump({
    steps: [{ id: 'egress', action: 'traffic:egress:create', name, input }],
  });

const egressGateway = {
  name: 'asm-egress-test',
  namespace: 'aks-istio-egress',
  revision: 'asm-1-26',
};

/** Seed scenarios for `traffic:egress:create` (the examples test runs every one). */
export const examples: TemplateExample[] = [
  {
    description:
      'Plain HTTP to edition.cnn.com through the egress gateway (HTTP egress seed).',
    example: step('HTTP egress to CNN', {
      cluster: 'aks-prod-weu',
      name: 'cnn',
      hosts: ['edition.cnn.com'],
      mode: 'http',
      egressGateway,
    }),
  },
  {
    description:
      'HTTPS passed through by SNI, with REGISTRY_ONLY for the client namespace.',
    example: step('TLS passthrough egress', {
      cluster: 'aks-prod-weu',
      name: 'cnn',
      hosts: ['edition.cnn.com'],
      mode: 'tls-passthrough',
      egressGateway,
      registryOnly: { scope: 'namespace', clientNamespace: 'aks-istio-egress' },
    }),
  },
  {
    description:
      'The app speaks HTTP, the egress gateway originates TLS to the external host; applied as the user.',
    example: step('TLS origination egress', {
      cluster: 'aks-prod-weu',
      delivery: 'apply',
      entityRef: 'component:default/curl',
      name: 'cnn',
      hosts: ['edition.cnn.com'],
      mode: 'tls-origination',
      egressGateway,
      staticGatewayConfiguration: { name: 'asm-egress-sgc' },
    }),
  },
];
