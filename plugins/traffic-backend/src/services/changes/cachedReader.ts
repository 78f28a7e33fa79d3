import {
  matchesLabelRequirements,
  parseLabelSelector,
  type KubeObject,
} from '@aks-traffic/backstage-plugin-traffic-common';
import type { ClusterCache, SourceId, TrafficCache } from '../cache';
import { MESH_NAMESPACE } from '../cache/kinds';
import type { ObjectReader } from './liveReader';


/**
 * The watch-cache source that holds every object preflight may ask for with these arguments, or
 * undefined when the cache does not keep them all (other Deployments, non-mesh ConfigMaps, ...).
 */
function sourceFor(
  apiVersion: string,
  kind: string,
  namespace: string | undefined,
  labelSelector?: string,
): SourceId | undefined {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  switch (`${group}/${kind}`) {
    case 'gateway.networking.k8s.io/Gateway':
      return 'Gateway';
    case 'gateway.networking.k8s.io/HTTPRoute':
      return 'HTTPRoute';
    case '/Service':
      return 'Service';
    case 'secrets-store.csi.x-k8s.io/SecretProviderClass':
      return 'SecretProviderClass';
    case 'egressgateway.kubernetes.azure.com/StaticGatewayConfiguration':
      return 'StaticGatewayConfiguration';
    case '/ConfigMap':
      return namespace === MESH_NAMESPACE ? 'MeshConfigMap' : undefined;
    case 'apps/Deployment':
      // The cache keeps Deployments labelled `istio` (egress gateways): enough for `istio=<name>`.
      return labelSelector?.startsWith('istio=') ? 'IstioDeployment' : undefined;
    default:
      // Secrets: the cache keeps TLS Secrets only, as certificate metadata; a reference to any
      // other Secret would read as missing, so Secrets are always read live.
      return undefined;
  }
}

/**
 * Preflight reads from the read path's watch cache when the cluster's cache is synced and healthy:
 * no API round trips for the objects a change refers to. What the cache cannot answer, and every
 * negative answer (not found, an empty list) that would fail the preflight, is read live, so an
 * object created a moment ago that the watch has not delivered yet never causes a false rejection.
 * The hostname+path ownership check reads the cached routes as they are: a route created in the
 * last moment may be missed there (the Gateway then resolves the conflict by age, as for kubectl).
 */
export class CachedReader implements ObjectReader {
  /** Reads answered from the watch cache (not API calls). */
  cacheHits = 0;

  constructor(
    private readonly cache: TrafficCache | undefined,
    private readonly cluster: string,
    private readonly live: ObjectReader,
  ) {}

  get calls(): number {
    return this.live.calls;
  }

  async get(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): Promise<KubeObject | undefined> {
    const source = sourceFor(apiVersion, kind, namespace);
    const cached = source && this.usableCache()?.index.source(source).get(namespace, name);
    if (cached) {
      this.cacheHits++;
      return cached;
    }
    return this.live.get(apiVersion, kind, namespace, name);
  }

  async list(
    apiVersion: string,
    kind: string,
    namespace?: string,
    labelSelector?: string,
  ): Promise<KubeObject[]> {
    const source = sourceFor(apiVersion, kind, namespace, labelSelector);
    const store = source && this.usableCache()?.index.source(source);
    if (store) {
      const requirements = labelSelector ? parseLabelSelector(labelSelector) : [];
      const items = (namespace ? store.inNamespace(namespace) : store.all()).filter(
        object => matchesLabelRequirements(requirements, object.metadata.labels),
      );
      // No routes is the passing answer of the ownership check; an empty list of anything else
      // (SecretProviderClasses, egress gateway Deployments) leads to a rejection or a warning.
      if (items.length > 0 || source === 'HTTPRoute') {
        this.cacheHits++;
        return items;
      }
    }
    return this.live.list(apiVersion, kind, namespace, labelSelector);
  }

  /** The cluster's cache when every kind has synced and no watch is failing (else: read live). */
  private usableCache(): ClusterCache | undefined {
    if (!this.cache) return undefined;
    let clusterCache: ClusterCache;
    try {
      clusterCache = this.cache.cluster(this.cluster);
    } catch {
      return undefined;
    }
    const status = clusterCache.status();
    return status.ready && !status.error ? clusterCache : undefined;
  }
}
