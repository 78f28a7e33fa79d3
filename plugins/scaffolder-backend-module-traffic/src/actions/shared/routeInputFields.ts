import type { Z } from './deliveryInput';

/** The route fields of `traffic:route:create` (zod callbacks), shared with `traffic:gateway:create` `routes`. */
export const routeInputFields = {
  name: (z: Z) => z.string().describe('Name of the route.'),
  namespace: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        'Namespace of the route, usually the app\'s. Default "default".',
      ),
  kind: (z: Z) =>
    z
      .enum(['HTTPRoute', 'TLSRoute'])
      .optional()
      .describe(
        'HTTPRoute (default), or TLSRoute for a TLS passthrough listener (Gateway API v1.5.1+).',
      ),
  gateway: (z: Z) =>
    z
      .object({
        name: z
          .string()
          .describe('Name of the Gateway to attach to (TrafficGatewayPicker).'),
        namespace: z
          .string()
          .optional()
          .describe(
            "Namespace of the Gateway when it is not the route's, e.g. aks-istio-ingress.",
          ),
        sectionName: z
          .string()
          .optional()
          .describe(
            'Listener to attach to; all matching listeners when empty.',
          ),
        port: z
          .number()
          .optional()
          .describe('Attach only to listeners on this port.'),
      })
      .describe('The parent Gateway (parentRef).'),
  hostnames: (z: Z) =>
    z
      .array(z.string())
      .optional()
      .describe(
        'Hostnames the route serves, inside the listener hostname (TrafficHostnameField). Required for TLSRoute.',
      ),
  rules: (z: Z) =>
    z
      .array(
        z
          .object({
            matches: z
              .array(z.object({}).passthrough())
              .optional()
              .describe(
                'Path matches [{path: {type: PathPrefix | Exact, value: /get}}]; none means every path.',
              ),
            backends: z
              .array(
                z
                  .object({
                    service: z.string().describe('Kubernetes Service name.'),
                    namespace: z
                      .string()
                      .optional()
                      .describe(
                        "Service namespace when not the route's (a ReferenceGrant is created).",
                      ),
                    port: z.number().describe('Service port, e.g. 8000.'),
                    weight: z
                      .number()
                      .optional()
                      .describe(
                        'Relative share of the traffic (traffic split).',
                      ),
                  })
                  .passthrough(),
              )
              .describe('Services that receive the traffic.'),
            urlRewrite: z
              .object({})
              .passthrough()
              .optional()
              .describe(
                'Rewrite {hostname, path: {type: ReplacePrefixMatch | ReplaceFullPath, value}} before forwarding.',
              ),
          })
          .passthrough(),
      )
      .describe('Routing rules.'),
  frontDoorHealthProbe: (z: Z) =>
    z
      .object({})
      .passthrough()
      .optional()
      .describe(
        'Front Door + Private Link: also route the origin health probe {probePath: /probe} to the gateway readiness endpoint (port 15021, /healthz/ready).',
      ),
};
