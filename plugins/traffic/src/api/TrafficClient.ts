import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { EntityTrafficRequest, TrafficApi } from './TrafficApi';
import type {
  ChangeSummary,
  ClusterSummary,
  EntityTrafficResponse,
  GatewayOption,
  ListChangesQuery,
  SubmitChangeRequest,
} from './types';

/** How long an entity's traffic answer is reused; see `getEntityTraffic`. */
const DEFAULT_ENTITY_CACHE_MS = 5_000;

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

  async submitChange(request: SubmitChangeRequest): Promise<ChangeSummary> {
    return toChangeSummary(
      await this.send<WireChange>('POST', '/changes', request),
    );
  }

  /** Items carry their diffs and dry-run results (`details=true`), so the approvals page can show them. */
  async listChanges(query: ListChangesQuery = {}): Promise<ChangeSummary[]> {
    const body = await this.get<{ items: WireChange[] }>(
      `/changes${toQueryString({ ...query, details: 'true' })}`,
    );
    return body.items.map(toChangeSummary);
  }

  async getChange(options: { id: string }): Promise<ChangeSummary> {
    return toChangeSummary(
      await this.get<WireChange>(`/changes/${encodeURIComponent(options.id)}`),
    );
  }

  async approveChange(options: {
    id: string;
    comment?: string;
  }): Promise<ChangeSummary> {
    return toChangeSummary(
      await this.send<WireChange>(
        'POST',
        `/changes/${encodeURIComponent(options.id)}/approve`,
        { comment: options.comment },
      ),
    );
  }

  async rejectChange(options: {
    id: string;
    comment?: string;
  }): Promise<ChangeSummary> {
    return toChangeSummary(
      await this.send<WireChange>(
        'POST',
        `/changes/${encodeURIComponent(options.id)}/reject`,
        { comment: options.comment },
      ),
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

/** A change as the traffic backend sends it (`ChangeRecord`), or already in the UI's shape. */
type WireChange = Omit<Partial<ChangeSummary>, 'state'> & {
  id: string;
  state: string;
  cluster: string;
  createdAt: string;
  requestedBy?: string;
  policyReasons?: string[];
  objectRefs?: Array<{
    apiVersion?: string;
    kind: string;
    namespace?: string;
    name: string;
  }>;
  plan?: Array<{
    ref: { kind: string; namespace?: string; name: string };
    action: string;
    diff?: string;
  }>;
  dryRunResult?: unknown[];
};

const refText = (ref: { kind: string; namespace?: string; name: string }) =>
  `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;

/**
 * Maps the backend's change record to the UI's ChangeSummary: requester, object refs, the
 * policy's and the requester's reasons, one diff text and the dry-run output. `approved` (the
 * moment between a decision and its apply) shows as pending. Answers already in the UI's shape
 * pass through.
 */
export function toChangeSummary(wire: WireChange): ChangeSummary {
  if (wire.requester !== undefined) return wire as ChangeSummary;
  const {
    requestedBy,
    policyReasons = [],
    objectRefs,
    plan,
    dryRunResult,
    objects: _objects,
    ...rest
  } = wire;
  const reasons = [
    ...policyReasons,
    ...(wire.reason ? [`Requester: ${wire.reason}`] : []),
  ];
  const diff = (plan ?? [])
    .filter(entry => entry.diff)
    .map(entry => `@@ ${entry.action} ${refText(entry.ref)} @@\n${entry.diff}`)
    .join('\n');
  return {
    ...rest,
    state: (wire.state === 'approved'
      ? 'pending-approval'
      : wire.state) as ChangeSummary['state'],
    requester: requestedBy ?? 'unknown',
    objects: (objectRefs ?? []).map(ref => ({
      kind: ref.kind,
      name: ref.name,
      ...(ref.namespace ? { namespace: ref.namespace } : {}),
      ...(ref.apiVersion
        ? {
            group: ref.apiVersion.includes('/')
              ? ref.apiVersion.split('/')[0]
              : '',
          }
        : {}),
    })),
    ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
    ...(diff ? { diff } : {}),
    ...(dryRunResult?.length
      ? { dryRun: JSON.stringify(dryRunResult, null, 2) }
      : {}),
  };
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
    [string, string | string[] | undefined]
  >;
  for (const [key, value] of entries) {
    for (const item of ([] as Array<string | undefined>).concat(value)) {
      if (item) params.append(key, item);
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
