import { z } from 'zod';
import { annotations, dnsSubdomain, integer, labels, labelValue, quantity, singleLineText } from './primitives';

/*
 * Per-Gateway customization, limited to fields on the AKS allow list (see the istio-gateway-api
 * ingress seed). Every field here maps to exactly one allowed path; `customizationAllowList` in
 * the builders checks the generated ConfigMap against the list again.
 */

const metadataFields = (what: string) => ({
  labels: labels().optional().describe(`Labels for the ${what}.`),
  annotations: annotations().optional().describe(`Annotations for the ${what}.`),
});

const resourceListSchema = z
  .object({
    cpu: quantity().optional().describe('CPU, e.g. 500m.'),
    memory: quantity().optional().describe('Memory, e.g. 512Mi.'),
  })
  .strict();

const tolerationSchema = z
  .object({
    key: z
      .string()
      .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/, {
        message: 'is not a taint key: use a label-style key, like kubernetes.azure.com/scalesetpriority',
      })
      .optional()
      .describe('Taint key to tolerate.'),
    operator: z.enum(['Equal', 'Exists']).optional().describe('Equal (default) or Exists.'),
    value: labelValue().optional().describe('Taint value (with Equal).'),
    effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional().describe('Taint effect.'),
  })
  .strict();

export const gatewayCustomizationSchema = z
  .object({
    configMapName: dnsSubdomain('gw-options')
      .optional()
      .describe('Name of the ConfigMap referenced by spec.infrastructure.parametersRef. Defaults to <gateway>-options.'),
    horizontalPodAutoscaler: z
      .object({
        ...metadataFields('HorizontalPodAutoscaler'),
        minReplicas: integer(1, 1000, 'minReplicas')
          .optional()
          .describe('Minimum replicas; AKS requires at least 2.'),
        maxReplicas: integer(1, 1000, 'maxReplicas').optional().describe('Maximum replicas.'),
      })
      .strict()
      .optional()
      .describe('HPA settings (AKS default: 2-5 replicas).'),
    podDisruptionBudget: z
      .object({
        ...metadataFields('PodDisruptionBudget'),
        minAvailable: z
          .union([
            integer(0, 1000, 'minAvailable'),
            z.string().regex(/^\d{1,3}%$/, { message: 'is not a count or percentage: use a number like 1 or a percentage like 50%' }),
          ])
          .optional()
          .describe('Pods that must stay available, as a count or a percentage. Too high blocks node upgrades.'),
        unhealthyPodEvictionPolicy: z
          .enum(['IfHealthyBudget', 'AlwaysAllow'])
          .optional()
          .describe('When unhealthy pods may be evicted.'),
      })
      .strict()
      .optional()
      .describe('PDB settings (AKS default: minAvailable 1).'),
    deployment: z
      .object({
        ...metadataFields('Deployment'),
        replicas: integer(1, 1000, 'replicas').optional().describe('Replica count (the HPA still scales).'),
        podLabels: labels().optional().describe('Labels for the gateway pods.'),
        podAnnotations: annotations().optional().describe('Annotations for the gateway pods.'),
        resources: z
          .object({
            requests: resourceListSchema.optional().describe('Resource requests of the proxy container.'),
            limits: resourceListSchema.optional().describe('Resource limits of the proxy container.'),
          })
          .strict()
          .optional()
          .describe('Resources of the gateway container.'),
        nodeSelector: labels().optional().describe('Node labels the gateway pods must run on.'),
        tolerations: z.array(tolerationSchema).max(16).optional().describe('Taints the gateway pods tolerate.'),
      })
      .strict()
      .optional()
      .describe('Deployment settings.'),
    service: z
      .object({
        ...metadataFields('Service'),
        type: z.enum(['LoadBalancer', 'ClusterIP', 'NodePort']).optional().describe('Service type (default LoadBalancer).'),
        loadBalancerSourceRanges: z
          .array(
            z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$|^[0-9a-fA-F:]+\/\d{1,3}$/, {
              message: 'is not a CIDR: use a range like 203.0.113.0/24',
            }),
          )
          .max(64)
          .optional()
          .describe('Client CIDRs allowed to reach the load balancer.'),
        loadBalancerClass: singleLineText(253)
          .optional()
          .describe('Load balancer class.'),
        externalTrafficPolicy: z.enum(['Cluster', 'Local']).optional().describe('External traffic policy.'),
        internalTrafficPolicy: z.enum(['Cluster', 'Local']).optional().describe('Internal traffic policy.'),
      })
      .strict()
      .optional()
      .describe('Service settings.'),
  })
  .strict();

export type GatewayCustomizationInput = z.output<typeof gatewayCustomizationSchema>;
