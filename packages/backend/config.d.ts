export interface Config {
  /**
   * Simulated AKS clusters the dev backend runs in-process (packages/aks-sim). Development only:
   * set `enabled: false` (or leave it out) and configure real clusters for AKS.
   */
  aksSim?: {
    enabled?: boolean;
    /** Scenario data to load: `demo` (the five seed scenarios) or `empty`. */
    seed?: 'demo' | 'empty';
    /**
     * Bearer token the simulated API servers accept.
     * @visibility secret
     */
    token: string;
    clusters: Array<{
      name: string;
      /** Loopback port of the cluster's API server. */
      port: number;
      /** Gateway API bundle the cluster serves: v1.2.1 or v1.5.1. */
      gatewayApiVersion?: string;
      /** Istio add-on revisions, e.g. [asm-1-26]. */
      istioRevisions?: string[];
    }>;
  };
}
