import {
  KubeObject,
  parentGatewayNamespace,
  RouteInput,
  routeInputSchema,
  safeParseGatewayInput,
  safeParseRouteInput,
} from '@aks-traffic/backstage-plugin-traffic-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { deliveryInputSchema } from './shared/deliveryInput';
import { trafficOutputSchema } from './shared/outputSchema';
import { routeInputFields } from './shared/routeInputFields';
import {
  AlsoJourneySpec,
  MAX_ALSO_ITEMS,
  runTrafficAction,
  setOutputs,
} from './shared/runTrafficAction';
import { TrafficBackendClient } from './shared/trafficClient';
import { examples } from './gatewayCreate.examples';

export const GATEWAY_CREATE_ACTION_ID = 'traffic:gateway:create';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value);

/**
 * `routes`: route inputs (as `traffic:route:create` takes them, without cluster and delivery)
 * built into the Gateway's change, so preflight finds the new Gateway and one approval applies
 * the Gateway and its routes together. A route's `gateway` defaults to the Gateway being created.
 */
export const gatewayRoutes: AlsoJourneySpec = {
  key: 'routes',
  journey: 'route',
  safeParse: safeParseRouteInput,
  complete(item, main) {
    const given = isRecord(item.gateway) ? item.gateway : {};
    const routeNamespace =
      item.namespace ?? routeInputSchema.shape.namespace.parse(undefined);
    const gatewayNamespace =
      given.name === undefined &&
      typeof main.namespace === 'string' &&
      main.namespace !== routeNamespace
        ? { namespace: main.namespace }
        : {};
    return {
      ...item,
      cluster: main.cluster,
      gateway: { name: main.name, ...gatewayNamespace, ...given },
    };
  },
  context(parsed, mainObjects) {
    // The Gateway being created is the parent: check listener, hostname and namespace now.
    const route = parsed as RouteInput;
    const parentGateway = mainObjects.find(
      (object: KubeObject) =>
        object.kind === 'Gateway' &&
        object.apiVersion.startsWith('gateway.networking.k8s.io/') &&
        object.metadata.name === route.gateway.name &&
        object.metadata.namespace === parentGatewayNamespace(route),
    );
    return parentGateway ? { parentGateway } : {};
  },
};

/**
 * `traffic:gateway:create`: a Gateway API Gateway on AKS — managed Istio (automated deployment or
 * the managed external ingress) or Application Gateway for Containers — with HTTP/HTTPS/TLS
 * listeners, TLS from Key Vault, load balancer annotations (internal, Private Link for Front
 * Door), `istio.io/rev` pinning and the AKS-allow-listed customization ConfigMap; `routes` adds
 * routes to it in the same change (one approval for the Gateway and its routes).
 */
export function createGatewayCreateAction(options: {
  client: TrafficBackendClient;
}) {
  return createTemplateAction({
    id: GATEWAY_CREATE_ACTION_ID,
    description:
      'Creates a Gateway API Gateway on AKS (managed Istio or Application Gateway for Containers), optionally with routes to it in the same change, written as YAML files or applied through the traffic backend.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...deliveryInputSchema,
        name: z =>
          z
            .string()
            .describe(
              'Name of the Gateway (DNS label). Automated deployment creates <name>-istio Deployment, Service, HPA and PDB.',
            ),
        namespace: z =>
          z
            .string()
            .optional()
            .describe(
              'Namespace of the Gateway. Default "default", or aks-istio-ingress for mode managed-external.',
            ),
        gatewayClass: z =>
          z
            .enum(['istio', 'azure-alb-external'])
            .optional()
            .describe(
              'istio (managed Istio add-on, default) or azure-alb-external (Application Gateway for Containers).',
            ),
        mode: z =>
          z
            .enum(['automated', 'managed-external'])
            .optional()
            .describe(
              'automated (default): Istio deploys the gateway. managed-external: program the AKS-managed external ingress gateway (Hostname address aks-istio-ingressgateway-external).',
            ),
        istioRevision: z =>
          z
            .string()
            .optional()
            .describe(
              'Pin the Gateway to an Istio revision (istio.io/rev label), e.g. asm-1-26, during a minor upgrade.',
            ),
        listeners: z =>
          z
            .array(
              z
                .object({
                  name: z
                    .string()
                    .describe(
                      'Listener name, unique in the Gateway (routes use it as sectionName).',
                    ),
                  protocol: z
                    .enum(['HTTP', 'HTTPS', 'TLS'])
                    .optional()
                    .describe(
                      'HTTP (default), HTTPS (terminate TLS) or TLS (passthrough; Gateway API v1.5.1+).',
                    ),
                  port: z
                    .number()
                    .optional()
                    .describe('Port; default 80 for HTTP, 443 otherwise.'),
                  hostname: z
                    .string()
                    .optional()
                    .describe(
                      'Hostname the listener serves, e.g. httpbin.example.com or *.example.com.',
                    ),
                  tls: z
                    .object({})
                    .passthrough()
                    .optional()
                    .describe(
                      'TLS: mode (Terminate/Passthrough), certificateRefs [{name, namespace}], keyVault (sync the certificate from Azure Key Vault: keyVaultName, tenantId, identity {clientId}, objects).',
                    ),
                  allowedRoutes: z
                    .object({})
                    .passthrough()
                    .optional()
                    .describe(
                      'Which namespaces may attach routes: {from: Same | All | Selector, selector: {label: value}}. Default Same.',
                    ),
                })
                .passthrough(),
            )
            .optional()
            .describe('Listeners. Default one HTTP listener on port 80.'),
        infrastructure: z =>
          z
            .object({})
            .passthrough()
            .optional()
            .describe(
              'Load balancer of the generated Service: internalLoadBalancer, internalSubnet, privateLinkService {name, subnet, ipAddressCount, visibility, autoApproval, proxyProtocol} for Azure Front Door, annotations.',
            ),
        customization: z =>
          z
            .object({})
            .passthrough()
            .optional()
            .describe(
              'Per-Gateway Deployment/Service/HPA/PDB settings limited to the AKS allow list (HPA minReplicas >= 2), written as a parametersRef ConfigMap.',
            ),
        alb: z =>
          z
            .object({})
            .passthrough()
            .optional()
            .describe(
              'azure-alb-external: ApplicationLoadBalancer {name, namespace} or {id} (bring your own deployment).',
            ),
        routes: z =>
          z
            .array(
              z
                .object({
                  ...Object.fromEntries(
                    Object.entries(routeInputFields).map(([key, field]) => [
                      key,
                      field(z),
                    ]),
                  ),
                  gateway: routeInputFields
                    .gateway(z)
                    .partial()
                    .optional()
                    .describe(
                      'The parent Gateway (parentRef). Default the Gateway being created; set sectionName or port to attach to one listener.',
                    ),
                })
                .passthrough(),
            )
            .max(MAX_ALSO_ITEMS)
            .optional()
            .describe(
              `Routes to the new Gateway, as traffic:route:create takes them (name, namespace, kind, gateway, hostnames, rules, frontDoorHealthProbe; cluster and delivery come from this step), at most ${MAX_ALSO_ITEMS}. They go into the Gateway's files, or into the same change with apply: preflight finds the new Gateway, and one approval applies the Gateway and its routes together (all or nothing).`,
            ),
      },
      output: trafficOutputSchema,
    },
    async handler(ctx) {
      const output = await runTrafficAction(
        ctx,
        {
          actionId: GATEWAY_CREATE_ACTION_ID,
          journey: 'gateway',
          safeParse: safeParseGatewayInput,
          also: gatewayRoutes,
        },
        options.client,
      );
      setOutputs(ctx, output);
    },
  });
}
