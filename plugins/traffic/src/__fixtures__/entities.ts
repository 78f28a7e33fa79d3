import type { Entity } from '@backstage/catalog-model';

/** The httpbin service of the "Istio Gateway API ingress on AKS" seed. */
export const httpbinEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'httpbin',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'httpbin',
      'backstage.io/kubernetes-namespace': 'default',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
};

/** A component that runs on no cluster (no Kubernetes annotations). */
export const websiteEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'website', namespace: 'default' },
  spec: { type: 'website', lifecycle: 'production', owner: 'team-a' },
};
