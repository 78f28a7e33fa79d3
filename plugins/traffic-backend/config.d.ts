export interface Config {
  /** Configuration of the aks-traffic backend plugin. */
  traffic?: {
    /**
     * Clusters to read and change. When absent, the clusters of
     * `kubernetes.clusterLocatorMethods` (type `config`) are used, so they are configured once.
     */
    clusters?: Array<{
      /** Cluster name, as shown in the cards and used in change requests. */
      name: string;
      /** API server URL, e.g. https://my-aks-dns.hcp.westeurope.azmk8s.io:443 */
      url: string;
      /** How the backend authenticates to the cluster. */
      authProvider: 'azure' | 'serviceAccount' | 'localKubectlProxy' | 'kubeconfig';
      /**
       * Bearer token for `serviceAccount`.
       * @visibility secret
       */
      serviceAccountToken?: string;
      /**
       * Base64 PEM of the cluster CA.
       * @visibility secret
       */
      caData?: string;
      /** Path of a CA file, as an alternative to caData. */
      caFile?: string;
      /** Skip TLS verification (development only). */
      skipTLSVerify?: boolean;
      /** Kubeconfig context to use with `kubeconfig`. */
      kubeconfigContext?: string;
    }>;
    /** Certificate expiry thresholds of the TLS card. */
    certificates?: {
      /** Warn when a certificate expires within this many days. Default 30. */
      warnDays?: number;
      /** Error when a certificate expires within this many days. Default 7. */
      errorDays?: number;
    };
  };
}
