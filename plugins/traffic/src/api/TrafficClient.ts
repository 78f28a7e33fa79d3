import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { EntityTrafficRequest, TrafficApi } from './TrafficApi';
import type {
  ChangeDecisionRequest,
  ChangeList,
  ChangeListItem,
  ChangeRecord,
  ClusterSummary,
  EntityTrafficResponse,
  GatewayOption,
  ChangeWithdrawRequest,
  ListChangesQuery,
  SubmitChangeRequest,
  SubmittedChange,
} from './types';

/**
 * How long an entity's traffic answer is reused; see `getEntityTraffic`. Long enough for the cards
 * of one page (they mount together), short enough that coming back after a change shows it.
 */
const DEFAULT_ENTITY_CACHE_MS = 1_000;

interface CachedTraffic {
  expiresAt: number;
  response: Promise<EntityTrafficResponse>;
}

/** HTTP client for the traffic backend plugin (`pluginId: traffic`). */
export class TrafficClient implements TrafficApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private readonly entityCacheMs: number;
  private readonly entityCache = new Map<string, CachedTraffic>();

  constructor(options: {
    discoveryApi: DiscoveryApi;
    fetchApi: FetchApi;
    /** Set to 0 to disable the short-lived entity cache. */
    entityCacheMs?: number;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
    this.entityCacheMs = options.entityCacheMs ?? DEFAULT_ENTITY_CACHE_MS;
  }

  /**
   * The routes, certificates and egress cards sit on one page and each asks for the same
   * entity: requests within a few seconds share one HTTP call. Failures are not cached, so
   * a card's Retry really retries.
   */
  async getEntityTraffic(
    entity: EntityTrafficRequest,
  ): Promise<EntityTrafficResponse> {
    const path = `/entities/${[entity.kind, entity.namespace, entity.name]
      .map(encodeURIComponent)
      .join('/')}/traffic`;
    const key = path.toLocaleLowerCase('en-US');
    const now = Date.now();
    const cached = this.entityCache.get(key);
    if (cached && cached.expiresAt > now) {
      return cached.response;
    }
    const response = this.get<EntityTrafficResponse>(path);
    if (this.entityCacheMs > 0) {
      this.entityCache.set(key, {
        expiresAt: now + this.entityCacheMs,
        response,
      });
      response.catch(() => {
        if (this.entityCache.get(key)?.response === response) {
          this.entityCache.delete(key);
        }
      });
    }
    return response;
  }

  async listClusters(): Promise<ClusterSummary[]> {
    const body = await this.get<{ items: ClusterSummary[] }>('/clusters');
    return body.items;
  }

  async listGateways(query: {
    cluster?: string;
    namespace?: string;
  }): Promise<GatewayOption[]> {
    const body = await this.get<{ items: GatewayOption[] }>(
      `/gateways${toQueryString(query)}`,
    );
    return body.items;
  }

  async submitChange(request: SubmitChangeRequest): Promise<SubmittedChange> {
    return this.send<SubmittedChange>('POST', '/changes', request);
  }

  /** Items carry their diffs and dry-run results (`details=true`), so the approvals page can show them. */
  async listChanges(query: ListChangesQuery = {}): Promise<ChangeListItem[]> {
    const body = await this.get<ChangeList>(
      `/changes${toQueryString({ ...query, details: true })}`,
    );
    return body.items;
  }

  async getChange(options: { id: string }): Promise<ChangeRecord> {
    return this.get<ChangeRecord>(`/changes/${encodeURIComponent(options.id)}`);
  }

  async approveChange(options: {
    id: string;
    comment?: string;
  }): Promise<ChangeRecord> {
    return this.decide('approve', options);
  }

  async rejectChange(options: {
    id: string;
    comment?: string;
  }): Promise<ChangeRecord> {
    return this.decide('reject', options);
  }

  async withdrawChange(options: {
    id: string;
    comment?: string;
  }): Promise<ChangeRecord> {
    const body: ChangeWithdrawRequest = { comment: options.comment };
    return this.send<ChangeRecord>(
      'POST',
      `/changes/${encodeURIComponent(options.id)}/withdraw`,
      body,
    );
  }

  private async decide(
    decision: 'approve' | 'reject',
    options: { id: string; comment?: string },
  ): Promise<ChangeRecord> {
    const body: ChangeDecisionRequest = { comment: options.comment };
    return this.send<ChangeRecord>(
      'POST',
      `/changes/${encodeURIComponent(options.id)}/${decision}`,
      body,
    );
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('traffic');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    return parseResponse<T>(response);
  }

  private async send<T>(
    method: string,
    path: string,
    body: unknown,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('traffic');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return parseResponse<T>(response);
  }
}

async function parseResponse<T>(response: Response): Promise<T> {
  if (!response.ok) {
    throw await ResponseError.fromResponse(response);
  }
  return (await response.json()) as T;
}

/** Builds `?a=1&b=2`, skipping empty values and repeating keys for arrays. */
function toQueryString(query: object): string {
  const params = new URLSearchParams();
  const entries = Object.entries(query) as Array<
    [string, string | number | boolean | Array<string> | undefined]
  >;
  for (const [key, value] of entries) {
    for (const item of (
      [] as Array<string | number | boolean | undefined>
    ).concat(value)) {
      if (item !== undefined && item !== '') params.append(key, String(item));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
