import { z } from 'zod';
import { routeRules } from '../builders/rules/routeRules';
import { createInputParser } from './parse';
import { clusterName, dnsLabel, dnsSubdomain, hostname, integer, port, urlPath } from './primitives';

const parentGatewaySchema = z
  .object({
    name: dnsSubdomain('httpbin-gateway').describe('Name of the Gateway to attach to.'),
    namespace: dnsLabel('aks-istio-ingress')
      .optional()
      .describe('Namespace of the Gateway, when it is not the route\'s (e.g. aks-istio-ingress). Its listener must allow routes from the route\'s namespace.'),
    sectionName: dnsSubdomain('https')
      .optional()
      .describe('Listener to attach to; all matching listeners when empty.'),
    port: port().optional().describe('Attach only to listeners on this port.'),
  })
  .strict();

const pathMatchSchema = z
  .object({
    path: z
      .object({
        type: z.enum(['PathPrefix', 'Exact']).default('PathPrefix').describe('PathPrefix or Exact.'),
        value: urlPath().default('/').describe('Path to match, starting with "/", e.g. /get.'),
      })
      .strict()
      .default({})
      .describe('Request path to match.'),
  })
  .strict();

const backendSchema = z
  .object({
    service: dnsLabel('httpbin').describe('Name of the Kubernetes Service.'),
    namespace: dnsLabel('default')
      .optional()
      .describe('Namespace of the Service when it is not the route\'s (a ReferenceGrant is created there).'),
    port: port().describe('Service port, e.g. 8000.'),
    weight: integer(0, 1000000, 'weight')
      .optional()
      .describe('Relative share of the rule\'s traffic (traffic split); default 1.'),
  })
  .strict();

const urlRewriteSchema = z
  .object({
    hostname: hostname({ allowWildcard: false })
      .optional()
      .describe('Host header to send to the backend.'),
    path: z
      .object({
        type: z
          .enum(['ReplacePrefixMatch', 'ReplaceFullPath'])
          .default('ReplacePrefixMatch')
          .describe('Replace the matched prefix, or the whole path.'),
        value: urlPath().describe('Replacement path, e.g. /healthz/ready.'),
      })
      .strict()
      .optional()
      .describe('Path rewrite.'),
  })
  .strict();

const ruleSchema = z
  .object({
    matches: z
      .array(pathMatchSchema)
      .max(64)
      .default([])
      .describe('Request matches (any one matches); no matches means every request (prefix /).'),
    backends: z.array(backendSchema).min(1).max(16).describe('Services to send the traffic to.'),
    urlRewrite: urlRewriteSchema.optional().describe('Rewrite host or path before forwarding.'),
  })
  .strict();

const frontDoorHealthProbeSchema = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .describe('Add a route that answers Azure Front Door health probes with the gateway\'s readiness endpoint.'),
    probePath: urlPath().default('/probe').describe('Path of the Front Door origin group health probe.'),
    gatewayServiceName: dnsLabel('httpbin-gateway-istio')
      .optional()
      .describe('Service of the gateway pods. Defaults to <gateway>-istio (automated deployment).'),
    readinessPort: port().default(15021).describe('Envoy health port of the gateway.'),
    readinessPath: urlPath().default('/healthz/ready').describe('Envoy readiness path.'),
  })
  .strict();

export const routeInputSchema = z
  .object({
    cluster: clusterName(),
    name: dnsSubdomain('httpbin').describe('Name of the route.'),
    namespace: dnsLabel('default').default('default').describe('Namespace of the route (usually the app\'s).'),
    kind: z
      .enum(['HTTPRoute', 'TLSRoute'])
      .default('HTTPRoute')
      .describe('HTTPRoute, or TLSRoute for a TLS passthrough listener (Gateway API v1.5.1+).'),
    gateway: parentGatewaySchema.describe('Gateway (parentRef) the route attaches to.'),
    hostnames: z
      .array(hostname({ allowWildcard: true }))
      .max(16)
      .default([])
      .describe('Hostnames the route serves, inside the listener\'s hostname. Required for TLSRoute.'),
    rules: z.array(ruleSchema).min(1).max(16).describe('Routing rules: matches, backends and rewrites.'),
    frontDoorHealthProbe: frontDoorHealthProbeSchema
      .optional()
      .describe('Front Door + Private Link: also route the health probe path to the gateway\'s readiness endpoint.'),
  })
  .strict()
  .describe('Attach an HTTPRoute (or TLSRoute) to a Gateway.');

export type RouteInput = z.output<typeof routeInputSchema>;
export type RouteRuleInput = RouteInput['rules'][number];

const routeParser = createInputParser(routeInputSchema, routeRules);
/** Parses raw action input for a route; applies defaults and rules, throws InputValidationError. */
export const parseRouteInput = routeParser.parse;
export const safeParseRouteInput = routeParser.safeParse;
