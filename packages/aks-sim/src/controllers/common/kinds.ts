import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import type { ObjectStore, ResourceType } from '../../store/types';

/** apiVersion + kind pairs the controllers read and write. */
export const KINDS = {
  gatewayClass: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass' },
  gateway: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway' },
  httpRoute: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' },
  grpcRoute: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GRPCRoute' },
  tlsRoute: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'TLSRoute' },
  referenceGrant: { apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'ReferenceGrant' },
  namespace: { apiVersion: 'v1', kind: 'Namespace' },
  service: { apiVersion: 'v1', kind: 'Service' },
  secret: { apiVersion: 'v1', kind: 'Secret' },
  configMap: { apiVersion: 'v1', kind: 'ConfigMap' },
  pod: { apiVersion: 'v1', kind: 'Pod' },
  event: { apiVersion: 'v1', kind: 'Event' },
  deployment: { apiVersion: 'apps/v1', kind: 'Deployment' },
  hpa: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' },
  pdb: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' },
  serviceEntry: { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry' },
  secretProviderClass: { apiVersion: 'secrets-store.csi.x-k8s.io/v1', kind: 'SecretProviderClass' },
  secretProviderClassPodStatus: {
    apiVersion: 'secrets-store.csi.x-k8s.io/v1',
    kind: 'SecretProviderClassPodStatus',
  },
  staticGatewayConfiguration: {
    apiVersion: 'egressgateway.kubernetes.azure.com/v1alpha1',
    kind: 'StaticGatewayConfiguration',
  },
} as const;

export type KindName = keyof typeof KINDS;

/**
 * Resolves a kind to the store's ResourceType. Gateway API kinds are looked up by group and kind
 * only, because the served versions differ per bundle (TLSRoute exists on v1.5.1 clusters only).
 */
export function resourceOf(store: ObjectStore, name: KindName): ResourceType | undefined {
  const { apiVersion, kind } = KINDS[name];
  const exact = store.resourceFor(apiVersion, kind);
  if (exact) return exact;
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return store.resourceTypes().find(r => r.group === group && r.kind === kind);
}

export function objectKey(obj: Pick<KubeObject, 'metadata'>): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

export function key(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export function splitKey(k: string): { namespace: string; name: string } {
  const slash = k.indexOf('/');
  return { namespace: k.slice(0, slash), name: k.slice(slash + 1) };
}

export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** A cheap fingerprint of what a controller reacts to: spec, labels and annotations (not status). */
export function specFingerprint(obj: KubeObject): string {
  return JSON.stringify([
    obj.spec ?? null,
    obj.metadata.labels ?? null,
    obj.metadata.annotations ?? null,
    (obj as { data?: unknown }).data ?? null,
  ]);
}
