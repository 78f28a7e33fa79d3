/**
 * How the traffic backend authenticates to one cluster. Implementations keep their secrets private:
 * nothing here is ever logged or returned by the API.
 */
export interface ClusterAuthProvider {
  /** `azure`, `serviceAccount`, `kubeconfig` or `localKubectlProxy`. */
  readonly type: string;
  /**
   * The bearer token to send, refreshed as needed; `undefined` when the transport carries the
   * credentials (kubeconfig client certificates and exec plugins, kubectl proxy).
   */
  token(): Promise<string | undefined>;
}

/**
 * Obtaining credentials failed before any request reached the cluster (e.g. Azure AD refused the
 * managed identity). Reported per cluster as `unauthorized`.
 */
export class ClusterAuthError extends Error {
  readonly name = 'ClusterAuthError';
  readonly provider: string;

  constructor(provider: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.provider = provider;
  }
}
