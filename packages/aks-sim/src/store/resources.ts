import type { ResourceType } from './types';

/** The built-in kinds the simulator serves (the subset AKS workloads and our plugins touch). */
export const BUILT_IN_RESOURCE_TYPES: readonly ResourceType[] = [
  builtIn('', 'v1', 'Namespace', 'namespaces', false, true, ['ns']),
  builtIn('', 'v1', 'Service', 'services', true, true, ['svc'], ['all']),
  builtIn('', 'v1', 'Endpoints', 'endpoints', true, false, ['ep']),
  builtIn('', 'v1', 'Secret', 'secrets', true, false),
  builtIn('', 'v1', 'ConfigMap', 'configmaps', true, false, ['cm']),
  builtIn('', 'v1', 'Pod', 'pods', true, true, ['po'], ['all']),
  builtIn('', 'v1', 'ServiceAccount', 'serviceaccounts', true, false, ['sa']),
  builtIn('', 'v1', 'Event', 'events', true, false, ['ev']),
  builtIn('apps', 'v1', 'Deployment', 'deployments', true, true, ['deploy'], ['all']),
  builtIn('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, true, ['hpa'], ['all']),
  builtIn('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, true, ['pdb']),
  builtIn('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, true, ['crd', 'crds']),
];

function builtIn(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  statusSubresource: boolean,
  shortNames: string[] = [],
  categories: string[] = [],
): ResourceType {
  return { group, version, kind, plural, singular: kind.toLowerCase(), namespaced, statusSubresource, shortNames, categories, crd: false };
}

/** Kinds whose metadata.generation Kubernetes maintains (CRDs always; these built-ins too). */
const BUILT_INS_WITH_GENERATION = new Set(['Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'CustomResourceDefinition', 'Pod']);

export function tracksGeneration(resource: ResourceType): boolean {
  return resource.crd || BUILT_INS_WITH_GENERATION.has(resource.kind);
}

export function apiVersionOf(resource: Pick<ResourceType, 'group' | 'version'>): string {
  return resource.group ? `${resource.group}/${resource.version}` : resource.version;
}

/** Where objects of a kind live regardless of the version they are read in (`group/plural`). */
export function storageKeyOf(resource: Pick<ResourceType, 'group' | 'plural'>): string {
  return `${resource.group}/${resource.plural}`;
}

export interface ApiGroupInfo {
  name: string;
  /** Served versions, preferred first. */
  versions: string[];
  preferredVersion: string;
}

/** Lookup tables over the served resource types of one cluster. */
export class ResourceRegistry {
  private readonly types: ResourceType[];
  private readonly byPathKey = new Map<string, ResourceType>();
  private readonly byKindKey = new Map<string, ResourceType>();
  private readonly storageVersions = new Map<string, ResourceType>();
  private readonly groupInfos = new Map<string, ApiGroupInfo>();

  constructor(types: ResourceType[], storageVersionOf: (resource: ResourceType) => boolean = () => true) {
    this.types = types;
    for (const type of types) {
      this.byPathKey.set(`${type.group}/${type.version}/${type.plural}`, type);
      this.byKindKey.set(`${apiVersionOf(type)}/${type.kind}`, type);
      // The storage version wins; otherwise the first served version stands in for it.
      if (storageVersionOf(type) || !this.storageVersions.has(storageKeyOf(type))) {
        this.storageVersions.set(storageKeyOf(type), type);
      }
      let info = this.groupInfos.get(type.group);
      if (!info) {
        info = { name: type.group, versions: [], preferredVersion: type.version };
        this.groupInfos.set(type.group, info);
      }
      if (!info.versions.includes(type.version)) info.versions.push(type.version);
    }
    // Like the API server, a group prefers its highest-priority version (GA over beta over alpha).
    for (const info of this.groupInfos.values()) {
      info.versions.sort((a, b) => compareKubeVersions(b, a));
      info.preferredVersion = info.versions[0];
    }
  }

  all(): ResourceType[] {
    return this.types;
  }

  byPath(group: string, version: string, plural: string): ResourceType | undefined {
    return this.byPathKey.get(`${group}/${version}/${plural}`);
  }

  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.byKindKey.get(`${apiVersion}/${kind}`);
  }

  /** The version objects of this kind are stored in. */
  storageVersion(resource: ResourceType): ResourceType {
    return this.storageVersions.get(storageKeyOf(resource)) ?? resource;
  }

  groups(): ApiGroupInfo[] {
    return [...this.groupInfos.values()];
  }

  group(name: string): ApiGroupInfo | undefined {
    return this.groupInfos.get(name);
  }

  inVersion(group: string, version: string): ResourceType[] {
    return this.types.filter(t => t.group === group && t.version === version);
  }
}

/** Orders Kubernetes API versions the way discovery does: GA > beta > alpha, then by number. */
export function compareKubeVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number] => {
    const match = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!match) return [-1, 0, 0];
    const stages: Record<string, number> = { alpha: 0, beta: 1 };
    const stage = match[2] ? stages[match[2]] : 2;
    return [stage, Number(match[1]), Number(match[3] ?? 0)];
  };
  const [sa, ma, na] = rank(a);
  const [sb, mb, nb] = rank(b);
  return sa - sb || ma - mb || na - nb;
}
