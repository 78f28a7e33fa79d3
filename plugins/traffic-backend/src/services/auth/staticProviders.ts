import { readFile } from 'node:fs/promises';
import { ClusterAuthError, type ClusterAuthProvider } from './types';

/** Where Kubernetes mounts a pod's service account token (used when no token is configured). */
export const IN_CLUSTER_TOKEN_PATH =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * A service account bearer token from config, or the backend pod's own token when none is
 * configured (re-read every minute: projected tokens rotate).
 */
export class ServiceAccountTokenProvider implements ClusterAuthProvider {
  readonly type = 'serviceAccount';
  private fileToken?: { value: string; readAt: number };

  constructor(
    private readonly options: { token?: string; tokenPath?: string } = {},
  ) {}

  async token(): Promise<string> {
    if (this.options.token) {
      return this.options.token;
    }
    const path = this.options.tokenPath ?? IN_CLUSTER_TOKEN_PATH;
    if (this.fileToken && Date.now() - this.fileToken.readAt < 60_000) {
      return this.fileToken.value;
    }
    try {
      const value = (await readFile(path, 'utf8')).trim();
      this.fileToken = { value, readAt: Date.now() };
      return value;
    } catch (error) {
      throw new ClusterAuthError(
        'serviceAccount',
        `No serviceAccountToken is configured and ${path} cannot be read`,
        { cause: error },
      );
    }
  }
}

/** kubeconfig users (client certificates, exec plugins) and `kubectl proxy` need no bearer token here. */
export class TransportAuthProvider implements ClusterAuthProvider {
  constructor(readonly type: 'kubeconfig' | 'localKubectlProxy') {}

  async token(): Promise<undefined> {
    return undefined;
  }
}
