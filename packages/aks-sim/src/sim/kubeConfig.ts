import yaml from 'js-yaml';

/** The shape `KubeConfig.loadFromOptions` of @kubernetes/client-node takes. */
export interface KubeConfigOptions {
  clusters: Array<{ name: string; server: string; skipTLSVerify: boolean }>;
  users: Array<{ name: string; token: string }>;
  contexts: Array<{ name: string; cluster: string; user: string; namespace?: string }>;
  currentContext: string;
}

export interface ClusterAccess {
  name: string;
  url: string;
  token: string;
}

/** client-node options with one context per cluster; the first (or `current`) is selected. */
export function kubeConfigOptions(clusters: ClusterAccess[], current = clusters[0]?.name): KubeConfigOptions {
  return {
    clusters: clusters.map(c => ({ name: c.name, server: c.url, skipTLSVerify: true })),
    users: clusters.map(c => ({ name: `${c.name}-user`, token: c.token })),
    contexts: clusters.map(c => ({ name: c.name, cluster: c.name, user: `${c.name}-user` })),
    currentContext: current ?? '',
  };
}

/** The same as a kubeconfig file (kubectl's format). */
export function kubeConfigYaml(clusters: ClusterAccess[], current = clusters[0]?.name): string {
  return yaml.dump({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: clusters.map(c => ({ name: c.name, cluster: { server: c.url } })),
    users: clusters.map(c => ({ name: `${c.name}-user`, user: { token: c.token } })),
    contexts: clusters.map(c => ({ name: c.name, context: { cluster: c.name, user: `${c.name}-user` } })),
    'current-context': current ?? '',
  });
}
