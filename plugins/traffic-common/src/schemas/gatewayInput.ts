import { z } from 'zod';
import { gatewayRules } from '../builders/rules/gatewayRules';
import { gatewayCustomizationSchema } from './gatewayCustomization';
import { keyVaultCertificateSchema } from './keyVaultTlsInput';
import { createInputParser } from './parse';
import {
  annotations,
  clusterName,
  dnsLabel,
  dnsSubdomain,
  guid,
  hostname,
  istioRevision,
  labels,
  port,
  integer,
} from './primitives';

/** Namespace of the AKS-managed Istio ingress gateways. */
export const MANAGED_INGRESS_NAMESPACE = 'aks-istio-ingress';

const azureResourceName = (example: string) =>
  z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/, {
    message: `is not an Azure resource name: use letters, digits, "_", "." and "-", like "${example}"`,
  });

const certificateRefSchema = z
  .object({
    name: dnsSubdomain('httpbin-credential').describe(
      'Name of the kubernetes.io/tls Secret. With Key Vault this is the SecretProviderClass secretName.',
    ),
    namespace: dnsLabel('default')
      .optional()
      .describe('Namespace of the Secret when it is not the Gateway\'s (a ReferenceGrant is created).'),
  })
  .strict();

const listenerTlsSchema = z
  .object({
    mode: z
      .enum(['Terminate', 'Passthrough'])
      .default('Terminate')
      .describe('Terminate (protocol HTTPS, needs a certificate) or Passthrough (protocol TLS, routed by SNI with a TLSRoute).'),
    certificateRefs: z
      .array(certificateRefSchema)
      .max(64)
      .default([])
      .describe('TLS Secrets for Terminate. With keyVault, exactly one: the Secret that Key Vault syncs.'),
    keyVault: keyVaultCertificateSchema
      .optional()
      .describe('Sync the certificate from Azure Key Vault (SecretProviderClass + sync workload) into certificateRefs[0].'),
  })
  .strict();

const allowedRoutesSchema = z
  .object({
    from: z
      .enum(['Same', 'All', 'Selector'])
      .default('Same')
      .describe('Which namespaces may attach routes: the Gateway\'s own (Same), any (All), or those matching selector.'),
    selector: labels()
      .optional()
      .describe('from Selector: namespace labels to match, e.g. kubernetes.io/metadata.name: default.'),
  })
  .strict();

export const listenerSchema = z
  .object({
    name: dnsSubdomain('http').describe('Listener name, unique in the Gateway; routes use it as sectionName.'),
    protocol: z
      .enum(['HTTP', 'HTTPS', 'TLS'])
      .default('HTTP')
      .describe('HTTP, HTTPS (TLS terminated at the gateway) or TLS (passthrough; needs Gateway API v1.5.1+).'),
    port: port()
      .optional()
      .describe('Port to listen on. Defaults to 80 for HTTP and 443 for HTTPS and TLS.'),
    hostname: hostname({ allowWildcard: true })
      .optional()
      .describe('Hostname the listener serves, e.g. httpbin.example.com or *.example.com. Empty matches all.'),
    tls: listenerTlsSchema.optional().describe('TLS settings; required for HTTPS and TLS listeners.'),
    allowedRoutes: allowedRoutesSchema.default({}).describe('Which namespaces may attach routes to this listener.'),
  })
  .strict()
  .transform(listener => ({
    ...listener,
    port: listener.port ?? (listener.protocol === 'HTTP' ? 80 : 443),
  }));

const privateLinkServiceSchema = z
  .object({
    name: azureResourceName('pls-httpbin-gateway')
      .optional()
      .describe('Name of the Private Link Service. Defaults to one AKS derives from the Service.'),
    subnet: azureResourceName('snet-private-link')
      .optional()
      .describe('Subnet for the Private Link Service NAT IPs. Defaults to the load balancer\'s subnet.'),
    ipAddressCount: integer(1, 8, 'the number of NAT IPs')
      .optional()
      .describe('Number of NAT IP addresses (1-8).'),
    visibility: z
      .array(z.union([z.literal('*'), guid('subscription ID')]))
      .max(16)
      .optional()
      .describe('Subscriptions that can see the Private Link Service ("*" for all).'),
    autoApproval: z
      .array(guid('subscription ID'))
      .max(16)
      .optional()
      .describe('Subscriptions whose private endpoint connections are approved automatically.'),
    proxyProtocol: z.boolean().optional().describe('Enable TCP PROXY protocol v2 on the Private Link Service.'),
  })
  .strict();

const infrastructureSchema = z
  .object({
    internalLoadBalancer: z
      .boolean()
      .default(false)
      .describe('Create an internal (private) Azure load balancer instead of a public one.'),
    internalSubnet: azureResourceName('my-subnet')
      .optional()
      .describe('Subnet of the internal load balancer (needs internalLoadBalancer).'),
    privateLinkService: privateLinkServiceSchema
      .optional()
      .describe('Expose the internal load balancer through an Azure Private Link Service, e.g. as an Azure Front Door Premium origin.'),
    annotations: annotations()
      .optional()
      .describe('Further annotations for the generated Service (at most 8 in total with the ones above).'),
  })
  .strict();

const albSchema = z
  .object({
    name: dnsSubdomain('alb-test')
      .optional()
      .describe('Name of the ApplicationLoadBalancer resource (managed by ALB Controller).'),
    namespace: dnsLabel('alb-test-infra').optional().describe('Namespace of the ApplicationLoadBalancer resource.'),
    id: z
      .string()
      .regex(
        /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w.()]{1,90}\/providers\/Microsoft\.ServiceNetworking\/trafficControllers\/[A-Za-z0-9][-\w.]{0,79}$/,
        {
          message:
            'is not an Application Gateway for Containers resource ID: use /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ServiceNetworking/trafficControllers/<name>',
        },
      )
      .optional()
      .describe('Bring your own deployment: ARM ID of the Application Gateway for Containers (instead of name/namespace).'),
  })
  .strict();

export const gatewayInputSchema = z
  .object({
    cluster: clusterName(),
    name: dnsLabel('httpbin-gateway').describe('Name of the Gateway.'),
    namespace: dnsLabel('default')
      .optional()
      .describe('Namespace of the Gateway. Defaults to "default", or aks-istio-ingress for the managed external ingress.'),
    gatewayClass: z
      .enum(['istio', 'azure-alb-external'])
      .default('istio')
      .describe('istio (managed Istio add-on) or azure-alb-external (Application Gateway for Containers).'),
    mode: z
      .enum(['automated', 'managed-external'])
      .default('automated')
      .describe(
        'automated: Istio deploys <name>-istio (Deployment, Service, HPA, PDB). managed-external: program the AKS-managed external ingress gateway in aks-istio-ingress.',
      ),
    istioRevision: istioRevision()
      .optional()
      .describe('Pin the Gateway to an Istio control plane revision (istio.io/rev label), e.g. during a minor upgrade.'),
    listeners: z
      .array(listenerSchema)
      .min(1)
      .max(64)
      .default([{ name: 'http', protocol: 'HTTP', port: 80 }])
      .describe('Listeners (name, protocol, port, hostname, TLS, allowed routes).'),
    infrastructure: infrastructureSchema
      .optional()
      .describe('Load balancer settings for the generated Service (spec.infrastructure.annotations).'),
    customization: gatewayCustomizationSchema
      .optional()
      .describe('Per-Gateway Deployment/Service/HPA/PDB settings, limited to the AKS allow list (a ConfigMap in spec.infrastructure.parametersRef).'),
    alb: albSchema
      .optional()
      .describe('azure-alb-external only: which Application Gateway for Containers serves this Gateway.'),
  })
  .strict()
  .transform(input => ({
    ...input,
    namespace: input.namespace ?? (input.mode === 'managed-external' ? MANAGED_INGRESS_NAMESPACE : 'default'),
  }))
  .describe('Create a Gateway API Gateway on AKS (managed Istio or Application Gateway for Containers).');

export type GatewayInput = z.output<typeof gatewayInputSchema>;
export type GatewayListenerInput = GatewayInput['listeners'][number];

const gatewayParser = createInputParser(gatewayInputSchema, gatewayRules);
/** Parses raw action input for a Gateway; applies defaults and rules, throws InputValidationError. */
export const parseGatewayInput = gatewayParser.parse;
export const safeParseGatewayInput = gatewayParser.safeParse;
