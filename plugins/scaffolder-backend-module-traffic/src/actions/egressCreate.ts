import { safeParseEgressInput } from '@aks-traffic/backstage-plugin-traffic-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { deliveryInputSchema } from './shared/deliveryInput';
import { trafficOutputSchema } from './shared/outputSchema';
import { runTrafficAction, setOutputs } from './shared/runTrafficAction';
import { TrafficBackendClient } from './shared/trafficClient';
import { examples } from './egressCreate.examples';

export const EGRESS_CREATE_ACTION_ID = 'traffic:egress:create';

/**
 * `traffic:egress:create`: ServiceEntry, Istio Gateway, DestinationRule(s) and VirtualService
 * that send traffic for external hosts through an Istio add-on egress gateway with static egress
 * IPs (HTTP, TLS passthrough or TLS origination), optionally REGISTRY_ONLY mesh-wide or per namespace.
 */
export function createEgressCreateAction(options: {
  client: TrafficBackendClient;
}) {
  return createTemplateAction({
    id: EGRESS_CREATE_ACTION_ID,
    description:
      'Routes traffic to external hosts through an Istio egress gateway with static egress IPs on AKS, written as YAML files or applied through the traffic backend.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...deliveryInputSchema,
        name: z =>
          z
            .string()
            .describe(
              'Short name of this egress route, e.g. cnn; prefixes the generated object names (at most 33 characters).',
            ),
        hosts: z =>
          z
            .array(z.string())
            .describe('External hosts to reach, e.g. edition.cnn.com.'),
        mode: z =>
          z
            .enum(['http', 'tls-passthrough', 'tls-origination'])
            .optional()
            .describe(
              'http (default): plain HTTP through the gateway. tls-passthrough: the app speaks HTTPS, routed by SNI. tls-origination: the app speaks HTTP, the egress gateway opens HTTPS.',
            ),
        httpPort: z =>
          z
            .number()
            .optional()
            .describe('Port the app uses for plain HTTP. Default 80.'),
        tlsPort: z =>
          z
            .number()
            .optional()
            .describe('HTTPS port of the external host. Default 443.'),
        egressGateway: z =>
          z
            .object({
              name: z
                .string()
                .describe(
                  'Name of the Istio add-on egress gateway (1-53 characters, the AKS name rules).',
                ),
              namespace: z
                .string()
                .optional()
                .describe(
                  'Namespace of the egress gateway and its StaticGatewayConfiguration. Default aks-istio-egress.',
                ),
              revision: z
                .string()
                .optional()
                .describe(
                  "Istio revision of the egress gateway, e.g. asm-1-26. Default the cluster's.",
                ),
              selectorLabel: z
                .string()
                .optional()
                .describe(
                  'Value of the "istio" label on the egress gateway pods. Default the gateway name.',
                ),
            })
            .describe(
              'The egress gateway (az aks mesh enable-egress-gateway) the traffic leaves through.',
            ),
        staticGatewayConfiguration: z =>
          z
            .object({
              name: z
                .string()
                .describe(
                  'Name of the StaticGatewayConfiguration the egress gateway uses.',
                ),
              create: z
                .boolean()
                .optional()
                .describe(
                  'Create it too (default false: it must exist and have an egress IP prefix).',
                ),
            })
            .passthrough()
            .optional()
            .describe(
              'Static egress IPs (kube-egress-gateway): name, create, gatewayNodepoolName, provisionPublicIps, publicIpPrefixId.',
            ),
        registryOnly: z =>
          z
            .object({
              scope: z
                .enum(['none', 'mesh', 'namespace'])
                .optional()
                .describe(
                  'none (default), mesh (shared MeshConfig) or namespace (a Sidecar in clientNamespace).',
                ),
              clientNamespace: z
                .string()
                .optional()
                .describe(
                  'scope namespace: namespace of the client workloads.',
                ),
            })
            .optional()
            .describe(
              'Block outbound traffic to hosts without a ServiceEntry (outboundTrafficPolicy REGISTRY_ONLY).',
            ),
      },
      output: trafficOutputSchema,
    },
    async handler(ctx) {
      const output = await runTrafficAction(
        ctx,
        {
          actionId: EGRESS_CREATE_ACTION_ID,
          journey: 'egress',
          safeParse: safeParseEgressInput,
        },
        options.client,
      );
      setOutputs(ctx, output);
    },
  });
}
