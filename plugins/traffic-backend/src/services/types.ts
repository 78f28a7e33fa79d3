import type {
  KubeConfig,
  KubernetesObjectApi,
} from '@kubernetes/client-node';
import type { ClusterSummary } from '@aks-traffic/backstage-plugin-traffic-common';

/** One configured cluster with authenticated clients (tokens refreshed by the registry). */
export interface ClusterConnection {
  readonly name: string;
  /** Gateway API bundle version once known (from the gateways CRD annotation). */
  gatewayApiVersion(): Promise<string | undefined>;
  /** A KubeConfig whose credentials are current; call again rather than caching it. */
  kubeConfig(): Promise<KubeConfig>;
  /** Generic object client (dry-run, server-side apply, get, delete) for the change service. */
  objectApi(): Promise<KubernetesObjectApi>;
}

/** All configured clusters. Owns auth (azure, serviceAccount, kubeconfig) and TLS settings. */
export interface ClusterRegistry {
  list(): ClusterConnection[];
  /** Throws NotFoundError naming the configured clusters when `name` is unknown. */
  get(name: string): ClusterConnection;
  summaries(): Promise<ClusterSummary[]>;
}
