/**
 * aks-sim: simulated AKS clusters (Kubernetes REST API, Gateway API and Istio add-on controllers)
 * for the dev portal, tests and benchmarks. See README.md for what is and is not simulated.
 *
 * @packageDocumentation
 */
export { startAksSim, gatewayApiVersionFor } from './sim/startAksSim';
export type { AksSim, AksSimClusterSpec, SimCluster, StartAksSimOptions } from './sim/startAksSim';
export { kubeConfigOptions, kubeConfigYaml } from './sim/kubeConfig';
export type { KubeConfigOptions, ClusterAccess } from './sim/kubeConfig';

export { MemoryObjectStore } from './store/memoryStore';
export type { MemoryObjectStoreOptions, ListPage, PagedListOptions } from './store/memoryStore';
export { createClusterStore, crdObjectFor, crdResourceTypes, INITIAL_NAMESPACES } from './store/clusterStore';
export type { ClusterStoreOptions } from './store/clusterStore';
export { ResourceRegistry, BUILT_IN_RESOURCE_TYPES, apiVersionOf } from './store/resources';
export { StatusError, isStatusError } from './store/errors';
export type { KubeStatus, StatusCause, StatusDetails } from './store/errors';
export type { CrdValidator, GatewayApiVersion } from './store/admission';
export type {
  Controller,
  ControllerContext,
  ListOptions,
  ObjectStore,
  PatchType,
  ResourceType,
  SimulatedClusterInfo,
  StoreEvent,
  WatchEventType,
  WriteOptions,
} from './store/types';

export { FaultInjector } from './faults/faultInjector';
export type { FaultRules, FaultDecision, WatchDropMode } from './faults/faultInjector';

export { createControllers, enableIstioEgressGateway } from './controllers';
export { SimulatedKeyVault, keyVaultOf, mintCertificate } from './keyvault';
export type { CertificateRequest, MintedCertificate } from './keyvault';
export { applySeed, loadScale, KUBERNETES_ID_LABEL } from './seeds';
export type { SeedName, SeedTarget, LoadScaleOptions, LoadScaleResult } from './seeds';
