/**
 * Shapes of the traffic backend's REST API (`/api/traffic`) other than the entity traffic
 * view model (see ../model), shared by the backend, the frontend client and the scaffolder
 * actions.
 */

/** One configured cluster, as `GET /clusters` reports it. */
export interface ClusterSummary {
  name: string;
  /** True when the last sync with the API server succeeded. */
  reachable: boolean;
  /** `gateway.networking.k8s.io/bundle-version` of the installed Gateway API CRDs. */
  gatewayApiVersion?: string;
  /** Istio add-on revisions found (e.g. asm-1-26), from the istiod deployments. */
  istioRevisions: string[];
  /** ISO time of the last successful sync. */
  lastSync?: string;
  /** Why the cluster is not reachable or not fully readable. */
  error?: string;
  /** Kinds the cluster does not serve or does not let us read. */
  missingKinds?: string[];
}

/** A Gateway listener a route may attach to, for template pickers (`GET /gateways`). */
export interface GatewayOption {
  cluster: string;
  namespace: string;
  name: string;
  className: string;
  addresses: string[];
  listeners: Array<{
    name: string;
    protocol: string;
    port: number;
    hostname?: string;
    /** Namespaces whose routes this listener admits: 'Same', 'All' or a label selector. */
    allowedRoutesFrom: 'Same' | 'All' | 'Selector';
    allowedRouteNamespaces?: string[];
  }>;
}
