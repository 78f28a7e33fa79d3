import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import { parseTlsCrt } from '../certificates';
import {
  compactMetadata,
  compactObject,
  intern,
  pick,
  plain,
} from './compact';

export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';
export const MESH_NAMESPACE = 'aks-istio-system';
const SGC_ANNOTATION = 'kubernetes.azure.com/static-gateway-configuration';
const CERT_MANAGER_ANNOTATION = 'cert-manager.io/certificate-name';

/** Source ids: one list+watch each. Several sources may watch one kind with different selectors. */
export type SourceId =
  | 'Gateway'
  | 'GatewayClass'
  | 'HTTPRoute'
  | 'TLSRoute'
  | 'ReferenceGrant'
  | 'Service'
  | 'Secret'
  | 'SecretProviderClass'
  | 'StaticGatewayConfiguration'
  | 'ServiceEntry'
  | 'IstioGateway'
  | 'VirtualService'
  | 'DestinationRule'
  | 'Sidecar'
  | 'GatewayDeployment'
  | 'IstioDeployment'
  | 'EntityDeployment'
  | 'HorizontalPodAutoscaler'
  | 'PodDisruptionBudget'
  | 'MeshConfigMap'
  | 'Namespace'
  | 'GatewayCrd';

/** A kind the cache lists and watches, with the selector that keeps it small and its compaction. */
export interface WatchedKind {
  id: SourceId;
  kind: string;
  /** '' for the core group. */
  group: string;
  plural: string;
  /** Versions to use, preferred first; discovery picks the first one the cluster serves. */
  versions: string[];
  /** Watch one namespace only. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** The record kept in memory; `undefined` skips the object. */
  compact(object: any, apiVersion: string): KubeObject | undefined;
}

const standard = (object: any, apiVersion: string, kind: string) =>
  compactObject(object, apiVersion, kind);

const GATEWAY_API = 'gateway.networking.k8s.io';
const ISTIO = 'networking.istio.io';
const ISTIO_VERSIONS = ['v1', 'v1beta1', 'v1alpha3'];

/** Deployments: replicas, the pod template's labels/annotations (egress SGC), status. No pod spec. */
function compactDeployment(object: any, apiVersion: string): KubeObject {
  const template = object.spec?.template?.metadata ?? {};
  const sgc = template.annotations?.[SGC_ANNOTATION];
  return {
    apiVersion: intern(apiVersion),
    kind: 'Deployment',
    metadata: compactMetadata(object),
    spec: {
      ...(object.spec?.replicas !== undefined
        ? { replicas: object.spec.replicas }
        : {}),
      template: {
        metadata: {
          ...(template.labels ? { labels: plain(template.labels) } : {}),
          ...(sgc ? { annotations: { [SGC_ANNOTATION]: intern(sgc) } } : {}),
        },
      },
    },
    ...(object.status
      ? {
          status: pick(object.status, [
            'replicas',
            'readyReplicas',
            'availableReplicas',
            'updatedReplicas',
            'unavailableReplicas',
            'observedGeneration',
            'conditions',
          ]),
        }
      : {}),
  };
}

/**
 * TLS Secrets: `tls.crt` is parsed on arrival and only the certificate metadata is kept. Neither
 * `tls.key` nor any other `data` value is ever stored.
 */
function compactTlsSecret(object: any): KubeObject | undefined {
  if (object?.type !== 'kubernetes.io/tls') {
    return undefined;
  }
  const parsed = parseTlsCrt(object.data?.['tls.crt']);
  const certManager = object.metadata?.annotations?.[CERT_MANAGER_ANNOTATION];
  const metadata = compactMetadata(object, { annotations: false });
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      ...metadata,
      ...(certManager
        ? { annotations: { [CERT_MANAGER_ANNOTATION]: intern(certManager) } }
        : {}),
    },
    type: 'kubernetes.io/tls',
    ...(parsed.certificate ? { certificate: parsed.certificate } : {}),
    ...(parsed.error ? { certificateError: parsed.error } : {}),
  };
}

/** Services: type, ports, cluster IP, selector and load balancer status (for workload health). */
function compactService(object: any, apiVersion: string): KubeObject {
  return {
    apiVersion: intern(apiVersion),
    kind: 'Service',
    metadata: compactMetadata(object),
    spec: pick(object.spec, ['type', 'clusterIP', 'ports', 'externalName']),
    ...(object.status?.loadBalancer?.ingress
      ? { status: { loadBalancer: pick(object.status.loadBalancer, ['ingress']) } }
      : {}),
  };
}

/** Mesh ConfigMaps: only `data.mesh` of the Istio ones (the outbound traffic policy lives there). */
function compactMeshConfigMap(object: any): KubeObject | undefined {
  const name = String(object.metadata?.name ?? '');
  if (!name.startsWith('istio-')) {
    return undefined;
  }
  const mesh = object.data?.mesh;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: compactMetadata(object, { annotations: false }),
    ...(typeof mesh === 'string' ? { data: { mesh } } : {}),
  };
}

export const WATCHED_KINDS: WatchedKind[] = [
  {
    id: 'GatewayCrd',
    kind: 'CustomResourceDefinition',
    group: 'apiextensions.k8s.io',
    plural: 'customresourcedefinitions',
    versions: ['v1'],
    fieldSelector: `metadata.name=gateways.${GATEWAY_API}`,
    compact: (o, apiVersion) => ({
      apiVersion,
      kind: 'CustomResourceDefinition',
      metadata: compactMetadata(o),
    }),
  },
  {
    id: 'GatewayClass',
    kind: 'GatewayClass',
    group: GATEWAY_API,
    plural: 'gatewayclasses',
    versions: ['v1', 'v1beta1'],
    compact: (o, v) => standard(o, v, 'GatewayClass'),
  },
  {
    id: 'Gateway',
    kind: 'Gateway',
    group: GATEWAY_API,
    plural: 'gateways',
    versions: ['v1', 'v1beta1'],
    compact: (o, v) => standard(o, v, 'Gateway'),
  },
  {
    id: 'HTTPRoute',
    kind: 'HTTPRoute',
    group: GATEWAY_API,
    plural: 'httproutes',
    versions: ['v1', 'v1beta1'],
    compact: (o, v) => standard(o, v, 'HTTPRoute'),
  },
  {
    id: 'TLSRoute',
    kind: 'TLSRoute',
    group: GATEWAY_API,
    plural: 'tlsroutes',
    versions: ['v1', 'v1alpha3', 'v1alpha2'],
    compact: (o, v) => standard(o, v, 'TLSRoute'),
  },
  {
    id: 'ReferenceGrant',
    kind: 'ReferenceGrant',
    group: GATEWAY_API,
    plural: 'referencegrants',
    versions: ['v1', 'v1beta1'],
    compact: (o, v) => standard(o, v, 'ReferenceGrant'),
  },
  {
    id: 'Service',
    kind: 'Service',
    group: '',
    plural: 'services',
    versions: ['v1'],
    compact: compactService,
  },
  {
    id: 'Secret',
    kind: 'Secret',
    group: '',
    plural: 'secrets',
    versions: ['v1'],
    fieldSelector: 'type=kubernetes.io/tls',
    compact: compactTlsSecret,
  },
  {
    id: 'SecretProviderClass',
    kind: 'SecretProviderClass',
    group: 'secrets-store.csi.x-k8s.io',
    plural: 'secretproviderclasses',
    versions: ['v1', 'v1alpha1'],
    // spec.parameters holds the Key Vault name and object list: identifiers, not secret material.
    compact: (o, v) => standard(o, v, 'SecretProviderClass'),
  },
  {
    id: 'StaticGatewayConfiguration',
    kind: 'StaticGatewayConfiguration',
    group: 'egressgateway.kubernetes.azure.com',
    plural: 'staticgatewayconfigurations',
    versions: ['v1alpha1'],
    compact: (o, v) => ({
      apiVersion: intern(v),
      kind: 'StaticGatewayConfiguration',
      metadata: compactMetadata(o),
      spec: pick(o.spec, [
        'gatewayNodepoolName',
        'publicIpPrefixId',
        'provisionPublicIps',
        'excludeCidrs',
      ]),
      ...(o.status ? { status: pick(o.status, ['egressIpPrefix']) } : {}),
    }),
  },
  ...(
    [
      ['ServiceEntry', 'ServiceEntry', 'serviceentries'],
      ['IstioGateway', 'Gateway', 'gateways'],
      ['VirtualService', 'VirtualService', 'virtualservices'],
      ['DestinationRule', 'DestinationRule', 'destinationrules'],
      ['Sidecar', 'Sidecar', 'sidecars'],
    ] as const
  ).map(
    ([id, kind, plural]): WatchedKind => ({
      id,
      kind,
      group: ISTIO,
      plural,
      versions: ISTIO_VERSIONS,
      compact: (o, v) => standard(o, v, kind),
    }),
  ),
  {
    id: 'GatewayDeployment',
    kind: 'Deployment',
    group: 'apps',
    plural: 'deployments',
    versions: ['v1'],
    labelSelector: GATEWAY_NAME_LABEL,
    compact: compactDeployment,
  },
  {
    // Egress gateways (`istio=<name>`) and istiod (`istio=pilot`).
    id: 'IstioDeployment',
    kind: 'Deployment',
    group: 'apps',
    plural: 'deployments',
    versions: ['v1'],
    labelSelector: 'istio',
    compact: compactDeployment,
  },
  {
    // The entity's own workloads: tell which namespaces an entity without routes lives in.
    id: 'EntityDeployment',
    kind: 'Deployment',
    group: 'apps',
    plural: 'deployments',
    versions: ['v1'],
    labelSelector: KUBERNETES_ID_LABEL,
    compact: (o, v) => ({
      apiVersion: intern(v),
      kind: 'Deployment',
      metadata: compactMetadata(o, { annotations: false }),
    }),
  },
  {
    id: 'HorizontalPodAutoscaler',
    kind: 'HorizontalPodAutoscaler',
    group: 'autoscaling',
    plural: 'horizontalpodautoscalers',
    versions: ['v2'],
    labelSelector: GATEWAY_NAME_LABEL,
    compact: (o, v) => standard(o, v, 'HorizontalPodAutoscaler'),
  },
  {
    id: 'PodDisruptionBudget',
    kind: 'PodDisruptionBudget',
    group: 'policy',
    plural: 'poddisruptionbudgets',
    versions: ['v1'],
    labelSelector: GATEWAY_NAME_LABEL,
    compact: (o, v) => standard(o, v, 'PodDisruptionBudget'),
  },
  {
    id: 'MeshConfigMap',
    kind: 'ConfigMap',
    group: '',
    plural: 'configmaps',
    versions: ['v1'],
    namespace: MESH_NAMESPACE,
    compact: compactMeshConfigMap,
  },
  {
    id: 'Namespace',
    kind: 'Namespace',
    group: '',
    plural: 'namespaces',
    versions: ['v1'],
    compact: o => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: compactMetadata(o, { annotations: false }),
    }),
  },
];

/** The user-facing kind name for `missingKinds` (Istio's Gateway is not the Gateway API one). */
export function displayKind(kind: WatchedKind): string {
  return kind.group === ISTIO ? `${kind.kind}.${ISTIO}` : kind.kind;
}
