import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import { listCrdKinds, type CrdKindInfo, type CrdValidator, type GatewayApiVersion } from './admission';
import { MemoryObjectStore } from './memoryStore';
import { BUILT_IN_RESOURCE_TYPES, ResourceRegistry } from './resources';
import type { ResourceType } from './types';

/** Namespaces an AKS cluster with the Istio add-on has from the start. */
export const INITIAL_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'aks-istio-system', 'aks-istio-ingress', 'aks-istio-egress'];

/** One ResourceType per served version of each CRD kind. */
export function crdResourceTypes(kinds: CrdKindInfo[]): Array<{ type: ResourceType; storage: boolean }> {
  return kinds.flatMap(kind =>
    kind.versions
      .filter(version => version.served)
      .map(version => ({
        type: {
          group: kind.group,
          version: version.name,
          kind: kind.kind,
          plural: kind.plural,
          singular: kind.singular,
          namespaced: kind.namespaced,
          statusSubresource: version.statusSubresource,
          shortNames: kind.shortNames,
          crd: true,
        },
        storage: version.storage,
      })),
  );
}

/** The CustomResourceDefinition object a cluster with this CRD installed would serve. */
export function crdObjectFor(kind: CrdKindInfo): KubeObject {
  const names = { kind: kind.kind, listKind: kind.listKind, plural: kind.plural, singular: kind.singular, ...(kind.shortNames.length ? { shortNames: kind.shortNames } : {}) };
  const annotations: Record<string, string> = {};
  if (kind.bundleVersion && kind.group === 'gateway.networking.k8s.io') {
    annotations['gateway.networking.k8s.io/bundle-version'] = kind.bundleVersion;
    annotations['gateway.networking.k8s.io/channel'] = 'standard';
  }
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${kind.plural}.${kind.group}`,
      ...(Object.keys(annotations).length ? { annotations } : {}),
      labels: { 'app.kubernetes.io/managed-by': 'aks-sim', 'aks-sim/bundle': kind.bundle },
    },
    spec: {
      group: kind.group,
      names,
      scope: kind.namespaced ? 'Namespaced' : 'Cluster',
      versions: kind.versions.map(version => ({
        name: version.name,
        served: version.served,
        storage: version.storage,
        ...(version.statusSubresource ? { subresources: { status: {} } } : {}),
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      })),
    },
    status: {
      acceptedNames: names,
      conditions: [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' },
        { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
      ],
      storedVersions: kind.versions.filter(v => v.storage).map(v => v.name),
    },
  };
}

export interface ClusterStoreOptions {
  gatewayApiVersion: GatewayApiVersion;
  crdValidator?: CrdValidator;
  historySize?: number;
  defer?: (work: () => void) => void;
  /** Override the CRD kinds (tests); defaults to traffic-common's `listCrdKinds`. */
  crdKinds?: CrdKindInfo[];
}

/** A store with the kinds, CRDs and namespaces of a fresh AKS cluster with the Istio add-on. */
export function createClusterStore(options: ClusterStoreOptions): MemoryObjectStore {
  const crdKinds = options.crdKinds ?? listCrdKinds(options.gatewayApiVersion);
  const crdTypes = crdResourceTypes(crdKinds);
  const storageTypes = new Set(crdTypes.filter(t => t.storage).map(t => t.type));
  const registry = new ResourceRegistry([...BUILT_IN_RESOURCE_TYPES, ...crdTypes.map(t => t.type)], type => !type.crd || storageTypes.has(type));
  const store = new MemoryObjectStore({
    registry,
    gatewayApiVersion: options.gatewayApiVersion,
    crdValidator: options.crdValidator,
    historySize: options.historySize,
    defer: options.defer,
  });
  for (const name of INITIAL_NAMESPACES) {
    store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { fieldManager: 'aks' });
  }
  for (const kind of crdKinds) store.create(crdObjectFor(kind), { fieldManager: 'aks' });
  return store;
}
