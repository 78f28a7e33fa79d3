import { dump } from 'js-yaml';
import type { KubeObject } from '../kube/types';
import type { GatewayCustomizationInput } from '../schemas/gatewayCustomization';
import { compact, nonEmpty } from './names';

/** Container that Istio's gateway Deployment runs; customizations merge into it by name. */
export const ISTIO_PROXY_CONTAINER = 'istio-proxy';

/** Default name of a Gateway's customization ConfigMap. */
export function customizationConfigMapName(gatewayName: string, customization: GatewayCustomizationInput): string {
  return customization.configMapName ?? `${gatewayName}-options`;
}

const metadataOf = (fields: { labels?: Record<string, string>; annotations?: Record<string, string> }) =>
  nonEmpty(compact({ labels: nonEmpty(fields.labels), annotations: nonEmpty(fields.annotations) }));

/** The YAML documents of the ConfigMap, one per customized resource, in the seed's key order. */
export function customizationDocuments(customization: GatewayCustomizationInput): Record<string, unknown> {
  const documents: Record<string, unknown> = {};
  const hpa = customization.horizontalPodAutoscaler;
  if (hpa) {
    documents.horizontalPodAutoscaler = compact({
      metadata: metadataOf(hpa),
      spec: nonEmpty(compact({ minReplicas: hpa.minReplicas, maxReplicas: hpa.maxReplicas })),
    });
  }
  const deployment = customization.deployment;
  if (deployment) {
    const resources = deployment.resources;
    const container = resources && nonEmpty(compact({ requests: nonEmpty(resources.requests), limits: nonEmpty(resources.limits) }));
    const podSpec = nonEmpty(
      compact({
        containers: container ? [{ name: ISTIO_PROXY_CONTAINER, resources: container }] : undefined,
        nodeSelector: nonEmpty(deployment.nodeSelector),
        tolerations: deployment.tolerations?.length ? deployment.tolerations.map(t => compact({ ...t })) : undefined,
      }),
    );
    const podMetadata = metadataOf({ labels: deployment.podLabels, annotations: deployment.podAnnotations });
    const template = nonEmpty(compact({ metadata: podMetadata, spec: podSpec }));
    documents.deployment = compact({
      metadata: metadataOf(deployment),
      spec: nonEmpty(compact({ replicas: deployment.replicas, template })),
    });
  }
  const service = customization.service;
  if (service) {
    documents.service = compact({
      metadata: metadataOf(service),
      spec: nonEmpty(
        compact({
          type: service.type,
          loadBalancerSourceRanges: service.loadBalancerSourceRanges?.length ? service.loadBalancerSourceRanges : undefined,
          loadBalancerClass: service.loadBalancerClass,
          externalTrafficPolicy: service.externalTrafficPolicy,
          internalTrafficPolicy: service.internalTrafficPolicy,
        }),
      ),
    });
  }
  const pdb = customization.podDisruptionBudget;
  if (pdb) {
    documents.podDisruptionBudget = compact({
      metadata: metadataOf(pdb),
      spec: nonEmpty(compact({ minAvailable: pdb.minAvailable, unhealthyPodEvictionPolicy: pdb.unhealthyPodEvictionPolicy })),
    });
  }
  return Object.fromEntries(Object.entries(documents).filter(([, doc]) => Object.keys(doc as object).length > 0));
}

/**
 * The Gateway-level customization ConfigMap (seed: `gw-options`), referenced from the Gateway's
 * spec.infrastructure.parametersRef. Returns undefined when nothing is customized.
 */
export function buildGatewayCustomizationConfigMap(params: {
  gatewayName: string;
  namespace: string;
  customization: GatewayCustomizationInput;
}): KubeObject | undefined {
  const documents = customizationDocuments(params.customization);
  if (Object.keys(documents).length === 0) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: customizationConfigMapName(params.gatewayName, params.customization),
      namespace: params.namespace,
    },
    data: Object.fromEntries(
      Object.entries(documents).map(([key, doc]) => [key, dump(doc, { lineWidth: -1, noRefs: true })]),
    ),
  };
}
