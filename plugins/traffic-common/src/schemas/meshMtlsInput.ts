import { z } from 'zod';
import { meshMtlsRules } from '../builders/rules/meshRules';
import { createInputParser } from './parse';
import { clusterName, dnsLabel, dnsSubdomain, istioRevision } from './primitives';

export const meshMtlsInputSchema = z
  .object({
    cluster: clusterName(),
    namespace: dnsLabel('test-infra').describe('Namespace whose workloads join the mesh with strict mTLS.'),
    revision: istioRevision()
      .optional()
      .describe('Istio revision for sidecar injection (istio.io/rev label), e.g. asm-1-26. Defaults to the cluster\'s.'),
    createNamespace: z
      .boolean()
      .default(true)
      .describe('Create (or label) the Namespace object. Turn off if the platform team manages namespaces.'),
    peerAuthenticationName: dnsSubdomain('default')
      .default('default')
      .describe('Name of the PeerAuthentication; "default" applies to the whole namespace.'),
  })
  .strict()
  .describe('Enable sidecar injection and STRICT mTLS in a namespace (Application Gateway for Containers mesh integration).');

export type MeshMtlsInput = z.output<typeof meshMtlsInputSchema>;

const meshMtlsParser = createInputParser(meshMtlsInputSchema, meshMtlsRules);
/** Parses raw action input for mesh mTLS; applies defaults and rules, throws InputValidationError. */
export const parseMeshMtlsInput = meshMtlsParser.parse;
export const safeParseMeshMtlsInput = meshMtlsParser.safeParse;
