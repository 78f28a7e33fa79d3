import type { KubeObject } from '../kube/types';
import type { MeshMtlsInput } from '../schemas/meshMtlsInput';
import { ISTIO_REVISION_LABEL, ISTIO_SECURITY_V1 } from './names';

/**
 * A namespace in the mesh with STRICT mTLS (AGC seed). The add-on injects by revision label
 * (`istio.io/rev: asm-1-XX`); the seed's `istio-injection: enabled` is for non-revisioned Istio.
 */
export function buildMeshMtlsObjects(input: MeshMtlsInput & { revision: string }): KubeObject[] {
  const namespace: KubeObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: input.namespace, labels: { [ISTIO_REVISION_LABEL]: input.revision } },
  };
  const peerAuthentication: KubeObject = {
    apiVersion: ISTIO_SECURITY_V1,
    kind: 'PeerAuthentication',
    metadata: { name: input.peerAuthenticationName, namespace: input.namespace },
    spec: { mtls: { mode: 'STRICT' } },
  };
  return input.createNamespace ? [namespace, peerAuthentication] : [peerAuthentication];
}
