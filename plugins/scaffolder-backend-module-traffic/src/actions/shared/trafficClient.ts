import type {
  ClusterSummary,
  SubmitChangeRequest,
  SubmittedChange,
} from '@aks-traffic/backstage-plugin-traffic-common';
import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/** Calls the traffic backend as the user who runs the template (never with the scaffolder's own identity). */
export class TrafficBackendClient {
  constructor(
    private readonly options: {
      auth: AuthService;
      discovery: DiscoveryService;
    },
  ) {}

  /** `GET /clusters`. */
  async listClusters(
    credentials: BackstageCredentials,
  ): Promise<ClusterSummary[]> {
    const body = await this.call<{ items?: ClusterSummary[] }>(
      credentials,
      'GET',
      '/clusters',
    );
    return body?.items ?? [];
  }

  /** `POST /changes`. */
  async submitChange(
    credentials: BackstageCredentials,
    change: SubmitChangeRequest,
  ): Promise<SubmittedChange> {
    return this.call<SubmittedChange>(credentials, 'POST', '/changes', change);
  }

  private async call<T>(
    credentials: BackstageCredentials,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const { token } = await this.options.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'traffic',
    });
    const baseUrl = await this.options.discovery.getBaseUrl('traffic');
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body ? { 'Content-Type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (error) {
      throw new ServiceUnavailableError(
        `The traffic backend is not reachable at ${baseUrl}: ${
          (error as Error).message
        }`,
      );
    }
    const text = await response.text();
    let parsed: any;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (response.ok) return parsed;
    const message = `Traffic backend ${method} ${path}: ${
      parsed?.error?.message ?? `HTTP ${response.status} ${text.slice(0, 200)}`
    }`;
    switch (response.status) {
      case 400:
        throw new InputError(message);
      case 401:
      case 403:
        throw new NotAllowedError(message);
      case 404:
        throw new NotFoundError(message);
      case 409:
        throw new ConflictError(message);
      default:
        throw new ServiceUnavailableError(message);
    }
  }
}
