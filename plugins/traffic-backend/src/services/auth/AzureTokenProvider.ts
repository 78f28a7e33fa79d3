import {
  DefaultAzureCredential,
  type AccessToken,
  type TokenCredential,
} from '@azure/identity';
import { ClusterAuthError, type ClusterAuthProvider } from './types';

/** The AKS AAD server application: tokens for this scope are accepted by every AKS API server. */
export const AKS_AAD_SCOPE = '6dae42f8-4368-4678-94ff-3960e28e3630/.default';

/** Refresh this long before the token expires (Azure tokens last 60–90 minutes). */
export const AZURE_REFRESH_MARGIN_MS = 5 * 60 * 1000;

export interface AzureTokenProviderOptions {
  /** Defaults to `DefaultAzureCredential` (workload identity, managed identity, Azure CLI, ...). */
  credential?: TokenCredential;
  /** Test clock. */
  now?: () => number;
}

/**
 * Azure AD tokens for AKS clusters with Entra ID integration. One provider is shared by every
 * `azure` cluster (the token is the same for all of them): cached, refreshed 5 minutes before expiry
 * (or at the credential's `refreshAfterTimestamp`), concurrent callers share one request.
 */
export class AzureTokenProvider implements ClusterAuthProvider {
  readonly type = 'azure';
  private readonly credential: TokenCredential;
  private readonly now: () => number;
  private cached?: AccessToken;
  private inflight?: Promise<string>;

  constructor(options: AzureTokenProviderOptions = {}) {
    this.credential = options.credential ?? new DefaultAzureCredential();
    this.now = options.now ?? Date.now;
  }

  async token(): Promise<string> {
    if (this.cached && !this.needsRefresh(this.cached)) {
      return this.cached.token;
    }
    if (!this.inflight) {
      this.inflight = this.fetchToken().finally(() => {
        this.inflight = undefined;
      });
    }
    return this.inflight;
  }

  private needsRefresh(token: AccessToken): boolean {
    const now = this.now();
    const refreshAt = Math.min(
      token.expiresOnTimestamp - AZURE_REFRESH_MARGIN_MS,
      token.refreshAfterTimestamp ?? Number.POSITIVE_INFINITY,
    );
    return now >= refreshAt;
  }

  private async fetchToken(): Promise<string> {
    let token: AccessToken | null;
    try {
      token = await this.credential.getToken(AKS_AAD_SCOPE);
    } catch (error) {
      // A token that has not expired yet is still good while Azure AD is briefly unavailable.
      if (this.cached && this.cached.expiresOnTimestamp > this.now()) {
        return this.cached.token;
      }
      const detail = error instanceof Error ? error.message : String(error);
      throw new ClusterAuthError(
        'azure',
        `Could not get an Azure AD token for AKS: ${firstLine(detail)}`,
        { cause: error },
      );
    }
    if (!token?.token) {
      throw new ClusterAuthError(
        'azure',
        'Could not get an Azure AD token for AKS: the credential returned no token',
      );
    }
    this.cached = token;
    return token.token;
  }
}

/** Azure Identity errors carry multi-line troubleshooting text; the first line says what failed. */
function firstLine(text: string): string {
  const line = text.split('\n').find(l => l.trim() !== '') ?? text;
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
