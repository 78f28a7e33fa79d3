import { dump, load } from 'js-yaml';
import type { KubeObject } from '../kube/types';
import { ISTIO_NETWORKING_V1 } from './names';

/** Namespace of the add-on's control plane and of the user-editable shared MeshConfig. */
export const ISTIO_SYSTEM_NAMESPACE = 'aks-istio-system';

/** Users edit `istio-shared-configmap-<rev>`, never `istio-<rev>` (AKS owns that one). */
export function sharedMeshConfigMapName(revision: string): string {
  return `istio-shared-configmap-${revision}`;
}

/**
 * Sets outboundTrafficPolicy.mode to REGISTRY_ONLY in a MeshConfig YAML document, keeping every
 * other setting. Without an existing document the result holds only that setting.
 */
export function withRegistryOnlyOutboundPolicy(existingMeshYaml?: string): string {
  const parsed = existingMeshYaml ? load(existingMeshYaml) : undefined;
  const mesh = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? { ...(parsed as Record<string, unknown>) } : {};
  const policy = mesh.outboundTrafficPolicy;
  mesh.outboundTrafficPolicy = {
    ...(policy && typeof policy === 'object' ? (policy as Record<string, unknown>) : {}),
    mode: 'REGISTRY_ONLY',
  };
  return dump(mesh, { lineWidth: -1, noRefs: true }).replace(/\n$/, '');
}

/** Mesh-wide REGISTRY_ONLY through the add-on's shared MeshConfig (egress seed). */
export function buildMeshRegistryOnlyConfigMap(params: { revision: string; existingMeshYaml?: string }): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: sharedMeshConfigMapName(params.revision), namespace: ISTIO_SYSTEM_NAMESPACE },
    data: { mesh: withRegistryOnlyOutboundPolicy(params.existingMeshYaml) },
  };
}

/** Per-namespace REGISTRY_ONLY: the namespace-wide Sidecar (named `default`, no selector). */
export function buildNamespaceRegistryOnlySidecar(namespace: string): KubeObject {
  return {
    apiVersion: ISTIO_NETWORKING_V1,
    kind: 'Sidecar',
    metadata: { name: 'default', namespace },
    spec: { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } },
  };
}
