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
import type { ClusterCache, TrafficCache } from './cache';
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

export interface EntityTrafficServiceOptions {
  cache: TrafficCache;
  catalog: CatalogService;
  logger: LoggerService;
  config?: Config;
  /** Test clock. */
  now?: () => Date;
}

/**
 * Answers "what traffic reaches and leaves this entity" from the watch caches: the catalog lookup runs
 * with the caller's credentials (catalog read permission applies), every cluster is read in parallel,
 * a cold cluster is waited for at most `traffic.readTimeoutMs`, and a failing cluster becomes
 * `clusters[].error` next to the others' data.
 */
export class EntityTrafficService {
  private readonly thresholds: CertificateThresholds;
  private readonly now: () => Date;

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
  }): Promise<EntityTrafficResponse> {
    const entity = await this.lookupEntity(request.entityRef, request.credentials);
    const matcher = entityMatcher(entity);
    const { cache } = this.options;
    cache.start();
    const deadline = cache.deadline();
    const clusters = await Promise.all(
      cache.clusters().map(async clusterCache => {
        await clusterCache.whenAnswerable(deadline);
        return this.clusterTraffic(clusterCache, matcher);
      }),
    );
    return {
      entityRef: stringifyEntityRef(entity),
      generatedAt: this.now().toISOString(),
      clusters: clusters.filter((c): c is ClusterTraffic => !!c),
    };
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
    const deadline = cache.deadline();
    const answers = await Promise.all(
      clusters.map(async clusterCache => {
        await clusterCache.whenAnswerable(deadline);
        return gatewayOptions(clusterCache, request.namespace);
      }),
    );
    return answers.flat();
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

  private clusterTraffic(
    clusterCache: ClusterCache,
    matcher: EntityMatcher,
  ): ClusterTraffic | undefined {
    const status = clusterCache.status();
    const base = {
      cluster: status.name,
      ...(status.gatewayApiVersion ? { gatewayApiVersion: status.gatewayApiVersion } : {}),
      ...(status.istioRevisions.length ? { istioRevisions: status.istioRevisions } : {}),
      ...(status.lastSync ? { lastSync: status.lastSync.toISOString() } : {}),
      ...(status.missingKinds.length ? { missingKinds: status.missingKinds } : {}),
    };
    if (!status.ready) {
      // Cold and not answering: nothing cached to show.
      return {
        ...base,
        error: status.error ?? {
          kind: 'timeout',
          reason: 'Timeout',
          message: `The cluster did not answer within ${this.options.cache.readTimeoutMs} ms; its data will appear once it does.`,
        },
        gateways: [],
        routes: [],
        certificates: [],
        egress: emptyEgress(),
      };
    }
    const { index } = clusterCache;
    const objects = findEntityObjects(index, matcher);
    const found =
      objects.routes.length + objects.services.length + objects.ownGateways.length > 0 ||
      objects.namespaces.length > 0;
    if (!found && !status.error) {
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
      ...base,
      ...(status.error ? { error: status.error } : {}),
      gateways: gatewayViews(clusterCache, gateways),
      routes: routeViews(index, objects.routes, gateways),
      certificates: certificateViews({
        index,
        gateways,
        ownGateways: objects.ownGateways,
        routes: objects.routes,
        now: this.now(),
        thresholds: this.thresholds,
      }),
      egress: egressView(clusterCache, objects),
    };
  }
}

function emptyEgress(): ClusterTraffic['egress'] {
  return {
    gateways: [],
    hosts: [],
    outboundPolicy: { mode: 'ALLOW_ANY', scope: 'mesh', source: 'unknown (cluster not read)' },
  };
}
