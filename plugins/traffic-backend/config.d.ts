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
      /**
       * API server URL, e.g. https://my-aks-dns.hcp.westeurope.azmk8s.io:443. Optional for
       * `kubeconfig` (the context's server) and `localKubectlProxy` (http://localhost:8001).
       */
      url?: string;
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
      /** Kubeconfig context to use with `kubeconfig` (default: the current context). */
      kubeconfigContext?: string;
      /** Kubeconfig file for `kubeconfig` (default: $KUBECONFIG or ~/.kube/config). */
      kubeconfigPath?: string;
    }>;
    /**
     * How long a read waits for a cluster whose cache has not synced yet (cold start), in
     * milliseconds. Warm answers come from the cache at once. Default 2000.
     */
    readTimeoutMs?: number;
    /** Tuning of the per-cluster watch cache. */
    cache?: {
      /** Bound of each LIST page and watch connection. Default 10. */
      requestTimeoutSeconds?: number;
      /** Server-side timeout of a watch before it is resumed from its resourceVersion. Default 300. */
      watchTimeoutSeconds?: number;
      /** Full relist (resync) interval. Default 1800. */
      relistIntervalSeconds?: number;
      /** How often served kinds are rediscovered (CRDs installed later, RBAC changes). Default 300. */
      rediscoveryIntervalSeconds?: number;
      /** Cap of the reconnect backoff. Default 30. */
      backoffMaxSeconds?: number;
    };
    /**
     * Which changes wait for platform-team approval before they reach a cluster, and who hears
     * about them. Without this section every change applies at once. Approvers hold the
     * `traffic.change.approve` permission.
     */
    approvals?: {
      /**
       * Built-in rules, each on or off. All are off unless set to true, except
       * `protectedNamespaces`, which is on whenever `protectedNamespaces` lists namespaces.
       */
      require?: {
        /** A Gateway (gateway.networking.k8s.io) that does not exist yet. */
        newGateway?: boolean;
        /**
         * A Gateway that gets a public load balancer: no
         * `service.beta.kubernetes.io/azure-load-balancer-internal: "true"` infrastructure
         * annotation, no Hostname address (existing deployment), not ClusterIP. Checked on create
         * and when an update turns an internal Gateway public.
         */
        publicLoadBalancer?: boolean;
        /** A Gateway listener that starts admitting routes from all namespaces (`allowedRoutes.namespaces.from: All`). */
        allowedRoutesFromAll?: boolean;
        /** A ReferenceGrant that lets another namespace reference objects in its namespace. */
        crossNamespaceReferenceGrant?: boolean;
        /** A ServiceEntry host the cluster does not have yet (new egress destination). */
        newEgressHost?: boolean;
        /** Any change to an object in one of `protectedNamespaces`. Default true. */
        protectedNamespaces?: boolean;
      };
      /** Namespaces where every change needs approval, e.g. aks-istio-ingress. */
      protectedNamespaces?: string[];
      /** Entity refs notified of new pending changes (groups or users), e.g. group:default/platform-team. */
      notify?: string[];
      /** Whether the requester may approve their own change when they hold the permission. Default false. */
      allowSelfApproval?: boolean;
      /** Path of the approvals page in the app (links get `?change=<id>`). Default /traffic-approvals. */
      pagePath?: string;
      /**
       * Further rules: a change needs approval when one of its changed objects matches every
       * condition a rule sets.
       */
      rules?: Array<{
        name: string;
        /** Shown as the reason, e.g. "Production changes need approval". */
        description?: string;
        kinds?: string[];
        actions?: Array<'create' | 'update'>;
        namespaces?: string[];
        clusters?: string[];
        journeys?: string[];
      }>;
    };
    /** Certificate expiry thresholds of the TLS card. */
    certificates?: {
      /** Warn when a certificate expires within this many days. Default 30. */
      warnDays?: number;
      /** Error when a certificate expires within this many days. Default 7. */
      errorDays?: number;
    };
  };
}
