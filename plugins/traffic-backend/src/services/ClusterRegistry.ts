import {
  ApiextensionsV1Api,
  KubeConfig,
  KubernetesObjectApi,
  ServerConfiguration,
  createConfiguration,
  type Cluster as KubeConfigCluster,
} from '@kubernetes/client-node';
import type { TokenCredential } from '@azure/identity';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import type { ClusterSummary } from '@aks-traffic/backstage-plugin-traffic-common';
import {
  AzureTokenProvider,
  ServiceAccountTokenProvider,
  TransportAuthProvider,
  type ClusterAuthProvider,
} from './auth';
import { readClusterSpecs, type ClusterSpec } from './ClusterRegistryConfig';
import { describeClusterError } from './cache/clusterErrors';
import type { ClusterConnection, ClusterRegistry } from './types';

const BUNDLE_VERSION_ANNOTATION = 'gateway.networking.k8s.io/bundle-version';
const GATEWAYS_CRD = 'gateways.gateway.networking.k8s.io';

/** An API client class of @kubernetes/client-node (CoreV1Api, CustomObjectsApi, ...). */
export type ApiClientClass<T> = new (
  configuration: ReturnType<typeof createConfiguration>,
) => T;

/**
 * Builds a client-node API client whose every request is aborted after `timeoutMs`, so a hanging
 * API server costs a bounded time. Credentials come from `kc` (read at each request).
 */
export function makeTimedApiClient<T>(
  kc: KubeConfig,
  apiClass: ApiClientClass<T>,
  timeoutMs: number,
): T {
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    throw new InputError('The kubeconfig has no current cluster');
  }
  const ApiClass = apiClass;
  return new ApiClass(
    createConfiguration({
      baseServer: new ServerConfiguration(cluster.server, {}),
      authMethods: { default: kc },
      promiseMiddleware: [
        {
          pre: async context => {
            context.setSignal(AbortSignal.timeout(timeoutMs));
            return context;
          },
          post: async response => response,
        },
      ],
    }),
  );
}

/** A configured cluster: builds KubeConfigs with current credentials. */
export class DefaultClusterConnection implements ClusterConnection {
  readonly name: string;
  private cachedConfig?: { token: string | undefined; kc: KubeConfig };
  private bundleVersion?: { value: string | undefined; at: number };

  constructor(
    private readonly spec: ClusterSpec,
    private readonly auth: ClusterAuthProvider,
  ) {
    this.name = spec.name;
  }

  /** Non-secret facts about the cluster, for logs and summaries. */
  get description(): { url?: string; authProvider: string } {
    return {
      ...(this.spec.url ? { url: this.spec.url } : {}),
      authProvider: this.spec.authProvider,
    };
  }

  async kubeConfig(): Promise<KubeConfig> {
    if (this.spec.configError) {
      throw new InputError(this.spec.configError);
    }
    const token = await this.auth.token();
    if (this.cachedConfig && this.cachedConfig.token === token) {
      return this.cachedConfig.kc;
    }
    const kc =
      this.spec.authProvider === 'kubeconfig'
        ? this.fromKubeconfigFile()
        : this.fromSpec(token);
    this.cachedConfig = { token, kc };
    return kc;
  }

  async objectApi(): Promise<KubernetesObjectApi> {
    return KubernetesObjectApi.makeApiClient(await this.kubeConfig());
  }

  async gatewayApiVersion(): Promise<string | undefined> {
    if (this.bundleVersion && Date.now() - this.bundleVersion.at < 600_000) {
      return this.bundleVersion.value;
    }
    const api = makeTimedApiClient(
      await this.kubeConfig(),
      ApiextensionsV1Api,
      5000,
    );
    const crd = await api.readCustomResourceDefinition({ name: GATEWAYS_CRD });
    const value = crd.metadata?.annotations?.[BUNDLE_VERSION_ANNOTATION];
    this.bundleVersion = { value, at: Date.now() };
    return value;
  }

  /** Lets the watch cache share what it observed, saving a request. */
  observeGatewayApiVersion(value: string | undefined): void {
    this.bundleVersion = { value, at: Date.now() };
  }

  private fromSpec(token: string | undefined): KubeConfig {
    const cluster: KubeConfigCluster = {
      name: this.spec.name,
      server: this.spec.url!,
      // client-node refuses plain http unless TLS verification is off; there is no TLS to verify
      // (kubectl proxy, local simulators).
      skipTLSVerify: this.spec.skipTLSVerify || this.spec.url!.startsWith('http://'),
      ...(this.spec.caData ? { caData: this.spec.caData } : {}),
      ...(this.spec.caFile ? { caFile: this.spec.caFile } : {}),
    };
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [cluster],
      users: [{ name: 'traffic-backend', ...(token ? { token } : {}) }],
      contexts: [
        { name: this.spec.name, cluster: this.spec.name, user: 'traffic-backend' },
      ],
      currentContext: this.spec.name,
    });
    return kc;
  }

  private fromKubeconfigFile(): KubeConfig {
    const kc = new KubeConfig();
    if (this.spec.kubeconfigPath) {
      kc.loadFromFile(this.spec.kubeconfigPath);
    } else {
      kc.loadFromDefault();
    }
    if (this.spec.kubeconfigContext) {
      kc.setCurrentContext(this.spec.kubeconfigContext);
    }
    const current = kc.getCurrentCluster();
    if (!current) {
      throw new InputError(
        `The kubeconfig has no cluster for context '${kc.getCurrentContext()}'`,
      );
    }
    if (this.spec.url || this.spec.caData || this.spec.skipTLSVerify) {
      // Explicit settings win over the kubeconfig's (e.g. a private endpoint URL).
      const cluster: KubeConfigCluster = {
        ...current,
        ...(this.spec.url ? { server: this.spec.url } : {}),
        ...(this.spec.caData ? { caData: this.spec.caData } : {}),
        ...(this.spec.skipTLSVerify ? { skipTLSVerify: true } : {}),
      };
      kc.clusters = kc.clusters.map(c => (c.name === current.name ? cluster : c));
    }
    return kc;
  }
}

export interface ClusterRegistryOptions {
  config: Config;
  logger: LoggerService;
  /** Replaces `DefaultAzureCredential` for `azure` clusters (tests, custom identities). */
  azureCredential?: TokenCredential;
}

/** The clusters of `traffic.clusters` (or `kubernetes.clusterLocatorMethods`) with their auth. */
export class DefaultClusterRegistry implements ClusterRegistry {
  private readonly connections: DefaultClusterConnection[];

  static fromConfig(options: ClusterRegistryOptions): DefaultClusterRegistry {
    return new DefaultClusterRegistry(options);
  }

  constructor(options: ClusterRegistryOptions) {
    const specs = readClusterSpecs(options.config);
    let azure: AzureTokenProvider | undefined;
    this.connections = specs.map(spec => {
      let auth: ClusterAuthProvider;
      if (spec.authProvider === 'azure') {
        azure ??= new AzureTokenProvider({ credential: options.azureCredential });
        auth = azure;
      } else if (spec.authProvider === 'serviceAccount') {
        auth = new ServiceAccountTokenProvider({ token: spec.serviceAccountToken });
      } else {
        auth = new TransportAuthProvider(spec.authProvider);
      }
      if (spec.configError) {
        options.logger.warn(`Traffic cluster ${spec.name} is misconfigured`, {
          cluster: spec.name,
          problem: spec.configError,
        });
      }
      return new DefaultClusterConnection(spec, auth);
    });
    options.logger.info(`Traffic backend reads ${specs.length} cluster(s)`, {
      clusters: specs.map(s => `${s.name} (${s.authProvider})`).join(', '),
    });
  }

  list(): DefaultClusterConnection[] {
    return [...this.connections];
  }

  get(name: string): DefaultClusterConnection {
    const found = this.connections.find(c => c.name === name);
    if (!found) {
      throw new NotFoundError(
        `Unknown cluster '${name}'; configured clusters: ${
          this.connections.map(c => c.name).join(', ') || 'none'
        }`,
      );
    }
    return found;
  }

  /**
   * A live probe of every cluster (the Gateway API CRD), without the watch cache. `GET /clusters`
   * answers from the cache instead (`TrafficCache.summaries()`), which also knows sync state.
   */
  async summaries(): Promise<ClusterSummary[]> {
    return Promise.all(
      this.connections.map(async connection => {
        try {
          const gatewayApiVersion = await connection.gatewayApiVersion();
          return {
            name: connection.name,
            reachable: true,
            ...(gatewayApiVersion ? { gatewayApiVersion } : {}),
            istioRevisions: [],
          };
        } catch (error) {
          const described = describeClusterError(error);
          return {
            name: connection.name,
            reachable: false,
            istioRevisions: [],
            error: described.message,
          };
        }
      }),
    );
  }
}

/** Builds the cluster registry from config (`traffic.clusters` or the Kubernetes plugin's clusters). */
export function createClusterRegistry(
  options: ClusterRegistryOptions,
): DefaultClusterRegistry {
  return DefaultClusterRegistry.fromConfig(options);
}
