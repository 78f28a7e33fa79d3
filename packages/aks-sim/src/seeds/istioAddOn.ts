import type { ObjectStore, SimulatedClusterInfo } from '../store/types';

/** Who creates the add-on's control plane in AKS (not the cluster's users). */
const ADD_ON_MANAGER = 'aks-istio-addon';
const MESH_NAMESPACE = 'aks-istio-system';

/**
 * What enabling the Istio add-on leaves in every cluster, whatever the seed: per installed
 * revision the `istiod-asm-1-XX` Deployment and Service and the `istio-asm-1-XX` mesh ConfigMap
 * in `aks-istio-system` (users edit `istio-shared-configmap-asm-1-XX`, which seeds may add).
 */
export function installIstioAddOn(store: ObjectStore, cluster: SimulatedClusterInfo): void {
  for (const revision of cluster.istioRevisions) {
    const labels = { app: 'istiod', istio: 'pilot', 'istio.io/rev': revision };
    const name = `istiod-${revision}`;
    store.apply(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: MESH_NAMESPACE, labels },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'istiod', 'istio.io/rev': revision } },
          template: {
            metadata: { labels },
            spec: {
              containers: [
                {
                  name: 'discovery',
                  image: `mcr.microsoft.com/oss/istio/pilot:${revision.replace('asm-', '').replace(/-/g, '.')}`,
                  ports: [{ containerPort: 15010 }, { containerPort: 15012 }, { containerPort: 15017 }],
                },
              ],
            },
          },
        },
      },
      { fieldManager: ADD_ON_MANAGER, force: true },
    );
    store.apply(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace: MESH_NAMESPACE, labels },
        spec: {
          type: 'ClusterIP',
          selector: { app: 'istiod', 'istio.io/rev': revision },
          ports: [
            { name: 'grpc-xds', port: 15010, targetPort: 15010 },
            { name: 'https-dns', port: 15012, targetPort: 15012 },
            { name: 'https-webhook', port: 443, targetPort: 15017 },
          ],
        },
      },
      { fieldManager: ADD_ON_MANAGER, force: true },
    );
    store.apply(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `istio-${revision}`, namespace: MESH_NAMESPACE, labels: { 'istio.io/rev': revision } },
        data: { mesh: 'defaultConfig:\n  discoveryAddress: istiod-' + `${revision}.${MESH_NAMESPACE}.svc:15012\n` },
      },
      { fieldManager: ADD_ON_MANAGER, force: true },
    );
  }
}
