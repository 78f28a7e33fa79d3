import { safeParseMeshMtlsInput } from '@aks-traffic/backstage-plugin-traffic-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { deliveryInputSchema } from './shared/deliveryInput';
import { trafficOutputSchema } from './shared/outputSchema';
import { runTrafficAction, setOutputs } from './shared/runTrafficAction';
import { TrafficBackendClient } from './shared/trafficClient';
import { examples } from './meshMtlsEnable.examples';

export const MESH_MTLS_ENABLE_ACTION_ID = 'traffic:mesh-mtls:enable';

/**
 * `traffic:mesh-mtls:enable`: sidecar injection (istio.io/rev namespace label) and a STRICT
 * PeerAuthentication, as Application Gateway for Containers' mesh integration needs.
 */
export function createMeshMtlsEnableAction(options: {
  client: TrafficBackendClient;
}) {
  return createTemplateAction({
    id: MESH_MTLS_ENABLE_ACTION_ID,
    description:
      'Enables Istio sidecar injection and STRICT mTLS in a namespace (Application Gateway for Containers mesh integration), written as YAML files or applied through the traffic backend.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...deliveryInputSchema,
        namespace: z =>
          z
            .string()
            .describe(
              'Namespace whose workloads join the mesh with STRICT mTLS, e.g. test-infra.',
            ),
        revision: z =>
          z
            .string()
            .optional()
            .describe(
              "Istio revision for injection (istio.io/rev), e.g. asm-1-26. Default the cluster's.",
            ),
        createNamespace: z =>
          z
            .boolean()
            .optional()
            .describe('Create or label the Namespace object (default true).'),
        peerAuthenticationName: z =>
          z
            .string()
            .optional()
            .describe(
              'Name of the PeerAuthentication; "default" (default) covers the whole namespace.',
            ),
      },
      output: trafficOutputSchema,
    },
    async handler(ctx) {
      const output = await runTrafficAction(
        ctx,
        {
          actionId: MESH_MTLS_ENABLE_ACTION_ID,
          journey: 'mesh-mtls',
          safeParse: safeParseMeshMtlsInput,
        },
        options.client,
      );
      setOutputs(ctx, output);
    },
  });
}
