import { z } from 'zod';
import { egressRules, EGRESS_GATEWAY_NAME_PATTERN } from '../builders/rules/egressRules';
import { createInputParser } from './parse';
import { clusterName, dnsLabel, dnsSubdomain, hostname, integer, istioRevision, labelValue, port } from './primitives';

const egressGatewaySchema = z
  .object({
    name: z
      .string()
      .min(1, { message: 'must not be empty: use the egress gateway name, like "asm-egress-test"' })
      .max(53, { message: 'is too long: AKS egress gateway names have at most 53 characters' })
      .regex(EGRESS_GATEWAY_NAME_PATTERN, {
        message:
          'is not a valid egress gateway name: use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, like "asm-egress-test"',
      })
      .describe('Name of the Istio add-on egress gateway (az aks mesh enable-egress-gateway --istio-egressgateway-name).'),
    namespace: dnsLabel('aks-istio-egress')
      .default('aks-istio-egress')
      .describe('Namespace of the egress gateway (and of its StaticGatewayConfiguration); the routing objects go here too.'),
    revision: istioRevision()
      .optional()
      .describe('Istio revision of the egress gateway, e.g. asm-1-26 (its Deployment is <name>-<revision>). Defaults to the cluster\'s.'),
    selectorLabel: labelValue()
      .optional()
      .describe('Value of the "istio" label on the egress gateway pods. Defaults to the gateway name.'),
  })
  .strict();

const staticGatewayConfigurationSchema = z
  .object({
    name: dnsSubdomain('asm-egress-sgc').describe('Name of the StaticGatewayConfiguration the egress gateway uses.'),
    create: z
      .boolean()
      .default(false)
      .describe('Create the StaticGatewayConfiguration too (otherwise it must already exist).'),
    gatewayNodepoolName: z
      .string()
      .regex(/^[a-z][a-z0-9]{0,11}$/, {
        message: 'is not an AKS node pool name: use 1-12 lowercase letters and digits, starting with a letter, like "gwnodepool"',
      })
      .optional()
      .describe('create: node pool of mode Gateway that routes the egress traffic.'),
    provisionPublicIps: z
      .boolean()
      .default(true)
      .describe('create: provision a public IP prefix (static public egress IPs); false keeps private IPs only.'),
    publicIpPrefixId: z
      .string()
      .regex(/^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w.()]{1,90}\/providers\/Microsoft\.Network\/publicIPPrefixes\/[A-Za-z0-9][-\w.]{0,79}$/, {
        message: 'is not a public IP prefix ID: use /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/publicIPPrefixes/<name>',
      })
      .optional()
      .describe('create: bring your own public IP prefix (ARM ID).'),
    publicIpPrefixSize: integer(28, 31, 'the prefix size')
      .optional()
      .describe('Size of the gateway node pool\'s public IP prefix (28-31), set when the node pool is created (--gateway-prefix-size).'),
  })
  .strict();

const registryOnlySchema = z
  .object({
    scope: z
      .enum(['none', 'mesh', 'namespace'])
      .default('none')
      .describe(
        'Block traffic to hosts not in the service registry (outboundTrafficPolicy REGISTRY_ONLY): mesh-wide (shared MeshConfig), per client namespace (Sidecar), or leave as is.',
      ),
    clientNamespace: dnsLabel('default')
      .optional()
      .describe('scope namespace: namespace of the client workloads.'),
  })
  .strict();

export const egressInputSchema = z
  .object({
    cluster: clusterName(),
    name: dnsLabel('cnn')
      .max(33, { message: 'is too long: use at most 33 characters (it prefixes the names of the generated objects)' })
      .describe('Short name for this egress route, e.g. cnn; names the ServiceEntry and related objects.'),
    hosts: z
      .array(hostname({ allowWildcard: false }))
      .min(1)
      .max(16)
      .describe('External hosts to reach, e.g. edition.cnn.com.'),
    mode: z
      .enum(['http', 'tls-passthrough', 'tls-origination'])
      .default('http')
      .describe(
        'http: plain HTTP through the gateway. tls-passthrough: the app speaks HTTPS, routed by SNI. tls-origination: the app speaks HTTP and the egress gateway opens HTTPS.',
      ),
    httpPort: port().default(80).describe('Port the app uses for plain HTTP.'),
    tlsPort: port().default(443).describe('HTTPS port of the external host.'),
    egressGateway: egressGatewaySchema.describe('The Istio add-on egress gateway to send the traffic through.'),
    staticGatewayConfiguration: staticGatewayConfigurationSchema
      .optional()
      .describe('Static egress IPs (kube-egress-gateway) used by the egress gateway.'),
    registryOnly: registryOnlySchema.default({}).describe('Restrict outbound traffic to registered hosts.'),
  })
  .strict()
  .describe('Route traffic to external hosts through an Istio egress gateway with static egress IPs.');

export type EgressInput = z.output<typeof egressInputSchema>;

const egressParser = createInputParser(egressInputSchema, egressRules);
/** Parses raw action input for egress; applies defaults and rules, throws InputValidationError. */
export const parseEgressInput = egressParser.parse;
export const safeParseEgressInput = egressParser.safeParse;
