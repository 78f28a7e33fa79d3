import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DEFAULT_CERTIFICATE_THRESHOLDS,
  type CertificateThresholds,
  type ClusterTraffic,
  type EntityTrafficResponse,
  type GatewayOption,
} from '@aks-traffic/backstage-plugin-traffic-common';
import type { ClusterCache, ClusterCacheStatus, TrafficCache } from './cache';
import {
  entityMatcher,
  findEntityObjects,
  type EntityMatcher,
} from './EntityTrafficService.matching';
import {
  certificateViews,
  egressView,
  gatewayViews,
  parentGateways,
  routeViews,
} from './EntityTrafficService.views';
import { gatewayOptions } from './EntityTrafficService.gateways';
import { BodyCache, ViewCache } from './EntityTrafficService.viewCache';

/** How long a cached view may be served (certificate days left and expiry follow the clock). */
const VIEW_TTL_MS = 60_000;
/** Upper bound of the serialized views kept (bytes). */
const VIEW_CACHE_MAX_BYTES = 32 * 1024 * 1024;
/** Upper bound of the assembled answer bodies kept (bytes). */
const BODY_CACHE_MAX_BYTES = 32 * 1024 * 1024;

export interface EntityTrafficServiceOptions {
  cache: TrafficCache;
  catalog: CatalogService;
  logger: LoggerService;
  config?: Config;
  /** Test clock. */
  now?: () => Date;
}

type ClusterBody = Pick<ClusterTraffic, 'gateways' | 'routes' | 'certificates' | 'egress'>;

/**
 * Answers "what traffic reaches and leaves this entity" from the watch caches: the catalog lookup runs
 * with the caller's credentials (catalog read permission applies), every cluster is read in parallel,
 * a cold cluster is waited for at most `traffic.readTimeoutMs`, and a failing cluster becomes
 * `clusters[].error` next to the others' data.
 */
export class EntityTrafficService {
  private readonly thresholds: CertificateThresholds;
  private readonly now: () => Date;
  private readonly views = new ViewCache({
    ttlMs: VIEW_TTL_MS,
    maxBytes: VIEW_CACHE_MAX_BYTES,
  });
  private readonly bodies = new BodyCache({ maxBytes: BODY_CACHE_MAX_BYTES });
  /** Each cluster's last status and answer head, valid while its `statusVersion` holds. */
  private readonly heads = new WeakMap<
    ClusterCache,
    { version: number; status: ClusterCacheStatus; head: string }
  >();

  static create(options: EntityTrafficServiceOptions): EntityTrafficService {
    return new EntityTrafficService(options);
  }

  constructor(private readonly options: EntityTrafficServiceOptions) {
    const config = options.config;
    this.thresholds = {
      warnDays:
        config?.getOptionalNumber('traffic.certificates.warnDays') ??
        DEFAULT_CERTIFICATE_THRESHOLDS.warnDays,
      errorDays:
        config?.getOptionalNumber('traffic.certificates.errorDays') ??
        DEFAULT_CERTIFICATE_THRESHOLDS.errorDays,
    };
    this.now = options.now ?? (() => new Date());
  }

  /** Throws NotFoundError when the entity does not exist or the caller may not read it. */
  async getEntityTraffic(request: {
    entityRef: string;
    credentials: BackstageCredentials;
    startedAt?: number;
  }): Promise<EntityTrafficResponse> {
    return JSON.parse(await this.getEntityTrafficJson(request));
  }

  /** The `EntityTrafficResponse` as JSON text (see `getEntityTrafficBody`). */
  async getEntityTrafficJson(request: {
    entityRef: string;
    credentials: BackstageCredentials;
    startedAt?: number;
  }): Promise<string> {
    return Buffer.concat(await this.getEntityTrafficBody(request)).toString('utf8');
  }

  /**
   * The `EntityTrafficResponse` as UTF-8 JSON in chunks, to be sent in order. Every call looks the
   * entity up in the catalog with the caller's credentials (read permission). Each synced cluster's
   * part comes from a serialized view reused while the cluster's cache is unchanged (at most a minute:
   * certificate days left), and the clusters' parts from a stored body while none of them changed,
   * so a warm request costs the catalog lookup, the clusters' status heads and a small first chunk. A
   * cluster whose cache has not synced by the deadline (`startedAt` + `traffic.readTimeoutMs`, less a
   * reserve to build and send the answer) is answered from what it has synced so far, with an
   * `error` of kind `timeout`.
   */
  async getEntityTrafficBody(request: {
    entityRef: string;
    credentials: BackstageCredentials;
    /** When the request arrived (epoch ms); the read bound counts from there. */
    startedAt?: number;
  }): Promise<Buffer[]> {
    const { cache } = this.options;
    const deadline = cache.deadline(request.startedAt);
    const entity = await this.lookupEntity(request.entityRef, request.credentials);
    const matcher = entityMatcher(entity);
    const matcherKey = JSON.stringify(matcher);
    cache.start();
    await cache.whenAnswerable(deadline);
    const now = this.now();
    const head = `{"entityRef":${JSON.stringify(stringifyEntityRef(entity))},"generatedAt":${JSON.stringify(
      now.toISOString(),
    )},`;
    const clusters = cache.clusters();
    // Unchanged clusters (status and records) and views not expired: the stored body as it is.
    const versions = clusters.map(c => c.statusVersion);
    const stored = this.bodies.current(matcherKey, versions, now.getTime());
    if (stored) {
      return [Buffer.from(head, 'utf8'), stored];
    }
    // `"clusters":[` head₁ fragment₁ `,` head₂ fragment₂ … `]}`: stored heads and fragments, so
    // comparing them with the stored body's parts is mostly reference checks.
    const parts: Array<string | Buffer> = ['"clusters":['];
    let expires = Infinity;
    for (const clusterCache of clusters) {
      const { part, validUntil } = this.clusterPart(clusterCache, matcher, matcherKey, now);
      expires = Math.min(expires, validUntil);
      if (part) {
        if (parts.length > 1) {
          parts.push(',');
        }
        parts.push(part.head, part.fragment);
      }
    }
    parts.push(']}');
    // A cold cluster's part is made for this answer only: reassemble until every cluster is synced.
    const body = this.bodies.assemble(
      matcherKey,
      parts,
      expires > now.getTime() ? { versions, expires } : undefined,
    );
    return [Buffer.from(head, 'utf8'), body];
  }

  /** Gateway listeners a route in `namespace` may attach to (template pickers). */
  async getGatewayOptions(request: {
    cluster?: string;
    namespace?: string;
  }): Promise<GatewayOption[]> {
    const { cache } = this.options;
    cache.start();
    const clusters = request.cluster
      ? [cache.cluster(request.cluster)]
      : cache.clusters();
    await cache.whenAnswerable(cache.deadline(), clusters);
    return clusters.flatMap(clusterCache => gatewayOptions(clusterCache, request.namespace));
  }

  private async lookupEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const ref = parseEntityRef(entityRef);
    const entity = await this.options.catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(`Entity ${stringifyEntityRef(ref)} not found`);
    }
    return entity;
  }

  /**
   * One cluster's `ClusterTraffic` as a head (`{"cluster":…,` from its status) and the fragment of
   * its lists (a stored buffer when warm), no part when the entity has nothing there; `validUntil`:
   * until when the answer holds while the cluster's `statusVersion` does (0: this answer only).
   */
  private clusterPart(
    clusterCache: ClusterCache,
    matcher: EntityMatcher,
    matcherKey: string,
    now: Date,
  ): { part?: { head: string; fragment: Buffer }; validUntil: number } {
    const version = clusterCache.statusVersion;
    let known = this.heads.get(clusterCache);
    if (known?.version !== version) {
      const status = clusterCache.status();
      const base = baseOf(status);
      known = {
        version,
        status,
        head: headOf(status.error ? { ...base, error: status.error } : base),
      };
      this.heads.set(clusterCache, known);
    }
    const { status } = known;
    if (!status.ready) {
      // Cold: answer with what is synced so far, flagged as a timeout (or the cluster's own error).
      const error = status.error ?? {
        kind: 'timeout' as const,
        reason: 'Timeout',
        message: `The cluster's cache was not synced within ${
          this.options.cache.readTimeoutMs
        } ms${
          status.pendingKinds.length
            ? ` (not listed yet: ${status.pendingKinds.join(', ')})`
            : ''
        }; the lists show what was synced so far and complete once it is.`,
      };
      const body = this.clusterBody(clusterCache, matcher, now, true) ?? emptyBody();
      return {
        part: { head: headOf({ ...baseOf(status), error }), fragment: fragmentOf(body) },
        validUntil: 0,
      };
    }
    const { index } = clusterCache;
    const key = `${status.name}\u0000${matcherKey}`;
    let entry = this.views.get(key, index.version, now.getTime());
    if (!entry) {
      const body = this.clusterBody(clusterCache, matcher, now, false);
      entry = this.views.set(
        key,
        {
          version: index.version,
          found: !!body,
          ...(body ? { fragment: fragmentOf(body) } : {}),
        },
        now.getTime(),
      );
    }
    if (!entry.found && !status.error) {
      return { validUntil: entry.expires };
    }
    if (entry.fragment === undefined) {
      // A failing cluster where the entity has nothing: the empty lists and the egress policy.
      this.views.fill(
        key,
        entry,
        fragmentOf(this.clusterBody(clusterCache, matcher, now, true)!),
      );
    }
    return {
      part: { head: known.head, fragment: entry.fragment! },
      validUntil: entry.expires,
    };
  }

  /** Gateways, routes, certificates and egress of the entity in one cluster (undefined: nothing found). */
  private clusterBody(
    clusterCache: ClusterCache,
    matcher: EntityMatcher,
    now: Date,
    always: boolean,
  ): ClusterBody | undefined {
    const { index } = clusterCache;
    const objects = findEntityObjects(index, matcher);
    const found =
      objects.routes.length + objects.services.length + objects.ownGateways.length > 0 ||
      objects.namespaces.length > 0;
    if (!found && !always) {
      return undefined;
    }
    const parents = parentGateways(index, objects.routes);
    const gateways = [
      ...new Map(
        [...parents, ...objects.ownGateways].map(g => [
          `${g.metadata.namespace}/${g.metadata.name}`,
          g,
        ]),
      ).values(),
    ];
    return {
      gateways: gatewayViews(clusterCache, gateways),
      routes: routeViews(index, objects.routes, gateways),
      certificates: certificateViews({
        index,
        gateways,
        ownGateways: objects.ownGateways,
        routes: objects.routes,
        now,
        thresholds: this.thresholds,
      }),
      egress: egressView(clusterCache, objects),
    };
  }
}

function baseOf(status: ClusterCacheStatus) {
  return {
    cluster: status.name,
    ...(status.gatewayApiVersion ? { gatewayApiVersion: status.gatewayApiVersion } : {}),
    ...(status.istioRevisions.length ? { istioRevisions: status.istioRevisions } : {}),
    ...(status.lastSync ? { lastSync: status.lastSync.toISOString() } : {}),
    ...(status.missingKinds.length ? { missingKinds: status.missingKinds } : {}),
  };
}

/** `{"cluster":"a"}` → `{"cluster":"a",` (a non-empty object, continued by a fragment). */
function headOf(base: object): string {
  return `${JSON.stringify(base).slice(0, -1)},`;
}

/** `{"gateways":…}` → the UTF-8 of `"gateways":…}` (continues a head). */
function fragmentOf(body: ClusterBody): Buffer {
  return Buffer.from(JSON.stringify(body).slice(1), 'utf8');
}

function emptyBody(): ClusterBody {
  return { gateways: [], routes: [], certificates: [], egress: emptyEgress() };
}

function emptyEgress(): ClusterTraffic['egress'] {
  return {
    gateways: [],
    hosts: [],
    outboundPolicy: { mode: 'ALLOW_ANY', scope: 'mesh', source: 'unknown (cluster not read)' },
  };
}
