import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Auth providers the traffic backend supports (the Kubernetes plugin's names where they exist). */
export type ClusterAuthProviderType =
  | 'azure'
  | 'serviceAccount'
  | 'kubeconfig'
  | 'localKubectlProxy';

const SUPPORTED: ReadonlySet<string> = new Set([
  'azure',
  'serviceAccount',
  'kubeconfig',
  'localKubectlProxy',
]);

/** One cluster as configured (secrets included: never log or return this object). */
export interface ClusterSpec {
  name: string;
  url?: string;
  authProvider: ClusterAuthProviderType;
  serviceAccountToken?: string;
  caData?: string;
  caFile?: string;
  skipTLSVerify: boolean;
  kubeconfigContext?: string;
  kubeconfigPath?: string;
  /** Why this cluster cannot be used (e.g. an auth provider we do not support); reported per cluster. */
  configError?: string;
}

/**
 * Clusters from `traffic.clusters` when present, else from the Kubernetes plugin's
 * `kubernetes.clusterLocatorMethods` entries of type `config`, so clusters are configured once.
 * Kubernetes-plugin clusters with a provider we cannot use server-side (`aks` on-behalf-of tokens,
 * `oidc`, `google`, ...) are kept and reported as misconfigured rather than failing start-up.
 */
export function readClusterSpecs(config: Config): ClusterSpec[] {
  const own = config.getOptionalConfigArray('traffic.clusters');
  const entries: Config[] = own
    ? own
    : (config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [])
        .filter(method => method.getString('type') === 'config')
        .flatMap(method => method.getOptionalConfigArray('clusters') ?? []);
  const specs = entries.map(readCluster);
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.name)) {
      throw new InputError(`Cluster '${spec.name}' is configured twice`);
    }
    seen.add(spec.name);
  }
  return specs;
}

function readCluster(cluster: Config): ClusterSpec {
  const name = cluster.getString('name');
  const authProvider =
    cluster.getOptionalString('authProvider') ??
    readAuthMetadata(cluster, 'kubernetes.io/auth-provider') ??
    'serviceAccount';
  const token =
    cluster.getOptionalString('serviceAccountToken') ??
    readAuthMetadata(cluster, 'serviceAccountToken');
  const url = cluster.getOptionalString('url');
  const spec: ClusterSpec = {
    name,
    ...(url ? { url: url.replace(/\/+$/, '') } : {}),
    authProvider: (SUPPORTED.has(authProvider)
      ? authProvider
      : 'serviceAccount') as ClusterAuthProviderType,
    ...(token ? { serviceAccountToken: token } : {}),
    ...optional('caData', cluster.getOptionalString('caData')),
    ...optional('caFile', cluster.getOptionalString('caFile')),
    skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
    ...optional(
      'kubeconfigContext',
      cluster.getOptionalString('kubeconfigContext'),
    ),
    ...optional('kubeconfigPath', cluster.getOptionalString('kubeconfigPath')),
  };
  if (!SUPPORTED.has(authProvider)) {
    spec.configError = `Auth provider '${authProvider}' is not supported by the traffic backend (use azure, serviceAccount, kubeconfig or localKubectlProxy, e.g. in traffic.clusters)`;
  } else if (!spec.url && authProvider === 'localKubectlProxy') {
    spec.url = 'http://localhost:8001';
  } else if (!spec.url && authProvider !== 'kubeconfig') {
    spec.configError = `Cluster '${name}' has no url`;
  }
  return spec;
}

/** `authMetadata` keys contain dots, which Backstage config would read as nesting. */
function readAuthMetadata(cluster: Config, key: string): string | undefined {
  const metadata = cluster.getOptional<Record<string, unknown>>('authMetadata');
  const value = metadata?.[key];
  return typeof value === 'string' ? value : undefined;
}

function optional<K extends string>(
  key: K,
  value: string | undefined,
): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}
