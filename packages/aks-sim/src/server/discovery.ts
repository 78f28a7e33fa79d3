import { apiVersionOf, type ResourceRegistry } from '../store/resources';
import type { ResourceType, SimulatedClusterInfo } from '../store/types';

const READ_ONLY_VERBS = ['get', 'list', 'watch'];
const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** Kinds clients may only read (the simulator installs CRDs itself). */
export function isReadOnly(resource: ResourceType): boolean {
  return resource.kind === 'CustomResourceDefinition';
}

/** `/version`, shaped like an AKS API server's answer. */
export function versionInfo(cluster: SimulatedClusterInfo): Record<string, string> {
  const [major, minor, patch = '0'] = cluster.kubernetesVersion.replace(/^v/, '').split('.');
  return {
    major,
    minor,
    emulationMajor: major,
    emulationMinor: minor,
    gitVersion: `v${major}.${minor}.${patch}`,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2025-06-01T00:00:00Z',
    goVersion: 'go1.24.4',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function coreVersions(serverAddress: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groupDocument(registry: ResourceRegistry, name: string) {
  const info = registry.group(name)!;
  return {
    name,
    versions: info.versions.map(version => ({ groupVersion: `${name}/${version}`, version })),
    preferredVersion: { groupVersion: `${name}/${info.preferredVersion}`, version: info.preferredVersion },
  };
}

export function groupList(registry: ResourceRegistry) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry
      .groups()
      .filter(group => group.name !== '')
      .map(group => groupDocument(registry, group.name)),
  };
}

export function apiGroup(registry: ResourceRegistry, name: string) {
  if (!registry.group(name) || name === '') return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupDocument(registry, name) };
}

/** `/api/v1` or `/apis/{group}/{version}`: the kinds, their verbs and their status subresources. */
export function resourceList(registry: ResourceRegistry, group: string, version: string) {
  const types = registry.inVersion(group, version);
  if (types.length === 0) return undefined;
  const resources = types.flatMap(type => {
    const main = {
      name: type.plural,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: isReadOnly(type) ? READ_ONLY_VERBS : ALL_VERBS,
      ...(type.shortNames?.length ? { shortNames: type.shortNames } : {}),
      ...(type.categories?.length ? { categories: type.categories } : {}),
    };
    const status = type.statusSubresource
      ? [{ name: `${type.plural}/status`, singularName: '', namespaced: type.namespaced, kind: type.kind, verbs: isReadOnly(type) ? ['get'] : ['get', 'patch', 'update'] }]
      : [];
    return [main, ...status];
  });
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf({ group, version }), resources };
}
