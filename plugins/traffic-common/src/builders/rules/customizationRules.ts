import { load } from 'js-yaml';
import type { InputIssue } from '../../schemas/errors';
import type { KubeObject } from '../../kube/types';

/**
 * Fields AKS lets a Gateway-level (or GatewayClass-level) ConfigMap customize, per generated
 * resource, as listed in the istio-gateway-api-ingress seed. Keys are the ConfigMap data keys.
 */
export const AKS_GATEWAY_CUSTOMIZATION_ALLOW_LIST = {
  deployment: [
    'metadata.labels',
    'metadata.annotations',
    'spec.replicas',
    'spec.template.metadata.labels',
    'spec.template.metadata.annotations',
    'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms',
    'spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution',
    'spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution',
    'spec.template.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution',
    'spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution',
    'spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution',
    'spec.template.spec.containers.resizePolicy',
    'spec.template.spec.containers.resources.limits',
    'spec.template.spec.containers.resources.requests',
    'spec.template.spec.containers.stdin',
    'spec.template.spec.containers.stdinOnce',
    'spec.template.spec.nodeSelector',
    'spec.template.spec.nodeName',
    'spec.template.spec.tolerations',
    'spec.template.spec.topologySpreadConstraints',
  ],
  service: [
    'metadata.labels',
    'metadata.annotations',
    'spec.type',
    'spec.loadBalancerSourceRanges',
    'spec.loadBalancerClass',
    'spec.externalTrafficPolicy',
    'spec.internalTrafficPolicy',
  ],
  horizontalPodAutoscaler: [
    'metadata.labels',
    'metadata.annotations',
    'spec.behavior.scaleUp.stabilizationWindowSeconds',
    'spec.behavior.scaleUp.selectPolicy',
    'spec.behavior.scaleUp.policies',
    'spec.behavior.scaleDown.stabilizationWindowSeconds',
    'spec.behavior.scaleDown.selectPolicy',
    'spec.behavior.scaleDown.policies',
    'spec.metrics',
    'spec.minReplicas',
    'spec.maxReplicas',
  ],
  podDisruptionBudget: [
    'metadata.labels',
    'metadata.annotations',
    'spec.minAvailable',
    'spec.unhealthyPodEvictionPolicy',
  ],
} as const;

export type CustomizedResource = keyof typeof AKS_GATEWAY_CUSTOMIZATION_ALLOW_LIST;

/** AKS rejects an HPA minimum below this for Istio gateways. */
export const MIN_GATEWAY_HPA_REPLICAS = 2;

/** Containers are a list merged by `name`, so the merge key itself is always allowed. */
const LIST_MERGE_KEYS: Record<string, string> = { 'spec.template.spec.containers': 'name' };

/** Paths in one customization document that are not on the AKS allow list. */
export function findDisallowedCustomizationPaths(resource: CustomizedResource, document: unknown): string[] {
  const allowed: readonly string[] = AKS_GATEWAY_CUSTOMIZATION_ALLOW_LIST[resource];
  const disallowed: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (path && allowed.some(entry => path === entry || path.startsWith(`${entry}.`))) return;
    if (Array.isArray(value)) {
      const mergeKey = LIST_MERGE_KEYS[path];
      for (const item of value) {
        if (item && typeof item === 'object' && !Array.isArray(item)) {
          for (const [key, child] of Object.entries(item)) {
            if (key !== mergeKey) walk(child, `${path}.${key}`);
          }
        } else {
          disallowed.push(path);
        }
      }
      return;
    }
    if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) walk(child, path ? `${path}.${key}` : key);
      return;
    }
    disallowed.push(path || '(document)');
  };
  walk(document, '');
  return [...new Set(disallowed)];
}

/** HPA limits AKS enforces, on the parsed `horizontalPodAutoscaler` document. */
export function hpaReplicaRules(minReplicas: unknown, maxReplicas: unknown, field: string): InputIssue[] {
  const issues: InputIssue[] = [];
  if (typeof minReplicas === 'number' && minReplicas < MIN_GATEWAY_HPA_REPLICAS) {
    issues.push({
      field: `${field}.minReplicas`,
      message: `${minReplicas} is below the AKS minimum: an Istio gateway HPA needs minReplicas of at least ${MIN_GATEWAY_HPA_REPLICAS}`,
    });
  }
  if (typeof minReplicas === 'number' && typeof maxReplicas === 'number' && maxReplicas < minReplicas) {
    issues.push({
      field: `${field}.maxReplicas`,
      message: `${maxReplicas} is below minReplicas (${minReplicas}): raise maxReplicas or lower minReplicas`,
    });
  }
  return issues;
}

/**
 * Checks a Gateway customization ConfigMap as AKS would: only known data keys, only allowed
 * fields, HPA minimum of 2. Also usable on ConfigMaps found in a cluster.
 */
export function gatewayCustomizationConfigMapRules(configMap: KubeObject): InputIssue[] {
  const issues: InputIssue[] = [];
  const data = (configMap.data ?? {}) as Record<string, unknown>;
  for (const [key, text] of Object.entries(data)) {
    const field = `data.${key}`;
    if (!(key in AKS_GATEWAY_CUSTOMIZATION_ALLOW_LIST)) {
      issues.push({
        field,
        message: `is not a customizable resource: use deployment, service, horizontalPodAutoscaler or podDisruptionBudget`,
      });
      continue;
    }
    let document: unknown;
    try {
      document = load(String(text));
    } catch (error) {
      issues.push({ field, message: `is not valid YAML: ${(error as Error).message.split('\n')[0]}` });
      continue;
    }
    for (const path of findDisallowedCustomizationPaths(key as CustomizedResource, document)) {
      issues.push({
        field: `${field}: ${path}`,
        message: 'is not on the AKS allow list for Gateway customization: remove it (see the AKS docs for allowed fields)',
      });
    }
    if (key === 'horizontalPodAutoscaler') {
      const spec = (document as { spec?: Record<string, unknown> } | null)?.spec ?? {};
      issues.push(...hpaReplicaRules(spec.minReplicas, spec.maxReplicas, `${field}: spec`));
    }
  }
  return issues;
}
