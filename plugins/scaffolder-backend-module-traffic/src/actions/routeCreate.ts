import { safeParseRouteInput } from '@aks-traffic/backstage-plugin-traffic-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { deliveryInputSchema } from './shared/deliveryInput';
import { routeInputFields } from './shared/routeInputFields';
import { trafficOutputSchema } from './shared/outputSchema';
import { runTrafficAction, setOutputs } from './shared/runTrafficAction';
import { TrafficBackendClient } from './shared/trafficClient';
import { examples } from './routeCreate.examples';

export const ROUTE_CREATE_ACTION_ID = 'traffic:route:create';

/**
 * `traffic:route:create`: an HTTPRoute (or TLSRoute) attached to a Gateway, with path matches,
 * weighted backends, URL rewrites, ReferenceGrants for cross-namespace backends and the Azure
 * Front Door health probe route.
 */
export function createRouteCreateAction(options: {
  client: TrafficBackendClient;
}) {
  return createTemplateAction({
    id: ROUTE_CREATE_ACTION_ID,
    description:
      'Attaches an HTTPRoute (or TLSRoute) to a Gateway on AKS, written as YAML files or applied through the traffic backend.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...deliveryInputSchema,
        ...routeInputFields,
      },
      output: trafficOutputSchema,
    },
    async handler(ctx) {
      const output = await runTrafficAction(
        ctx,
        {
          actionId: ROUTE_CREATE_ACTION_ID,
          journey: 'route',
          safeParse: safeParseRouteInput,
        },
        options.client,
      );
      setOutputs(ctx, output);
    },
  });
}
