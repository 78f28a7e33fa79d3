import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'js-yaml';

/** Seed scenario for `traffic:mesh-mtls:enable` (the examples test runs it). */
export const examples: TemplateExample[] = [
  {
    description:
      'Join test-infra to the mesh with STRICT mTLS for Application Gateway for Containers (AGC + Istio seed).',
    example: yaml.dump({
      steps: [
        {
          id: 'mtls',
          action: 'traffic:mesh-mtls:enable',
          name: 'Mesh mTLS for test-infra',
          input: {
            cluster: 'aks-prod-weu',
            namespace: 'test-infra',
            revision: 'asm-1-26',
          },
        },
      ],
    }),
  },
];
