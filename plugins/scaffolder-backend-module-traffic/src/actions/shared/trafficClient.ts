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

/** What the actions need of `GET /clusters` (ClusterSummary in traffic-common). */
export interface ClusterInfo {
  name: string;
  gatewayApiVersion?: string;
  istioRevisions?: string[];
  reachable?: boolean;
}

/** What the actions read of a change (`POST /changes` answer; ChangeRecord in traffic-backend). */
export interface SubmittedChange {
  id: string;
  state:
    | 'dry-run'
    | 'unchanged'
    | 'pending-approval'
    | 'approved'
    | 'rejected'
    | 'applied'
    | 'failed';
  message: string;
  warnings?: string[];
  /** Link to the approvals page for a change that waits for approval. */
  approvalUrl?: string;
  objectRefs?: Array<{
    apiVersion: string;
    kind: string;
    namespace?: string;
    name: string;
  }>;
}

export interface SubmitChangeBody {
  cluster: string;
  journey: string;
  input: Record<string, unknown>;
  entityRef?: string;
  reason?: string;
  dryRun?: boolean;
}

/** Calls the traffic backend as the user who runs the template (never with the scaffolder's own identity). */
export class TrafficBackendClient {
  constructor(
    private readonly options: {
      auth: AuthService;
      discovery: DiscoveryService;
    },
  ) {}

  async listClusters(
    credentials: BackstageCredentials,
  ): Promise<ClusterInfo[]> {
    const body = await this.call(credentials, 'GET', '/clusters');
    const items = Array.isArray(body)
      ? body
      : body?.items ?? body?.clusters ?? [];
    return items as ClusterInfo[];
  }

  async submitChange(
    credentials: BackstageCredentials,
    change: SubmitChangeBody,
  ): Promise<SubmittedChange> {
    return (await this.call(
      credentials,
      'POST',
      '/changes',
      change,
    )) as SubmittedChange;
  }

  private async call(
    credentials: BackstageCredentials,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<any> {
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
