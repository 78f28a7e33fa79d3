import type { Z } from './deliveryInput';

/** Outputs every traffic action sets (zod callbacks, described field by field). */
export const trafficOutputSchema = {
  manifests: (z: Z) =>
    z
      .string()
      .describe('The built objects as one multi-document YAML (apply order).'),
  objectRefs: (z: Z) =>
    z
      .array(
        z.object({
          apiVersion: z.string().describe('apiVersion of the object'),
          kind: z.string().describe('Kind of the object'),
          namespace: z
            .string()
            .optional()
            .describe('Namespace (absent for cluster-scoped objects)'),
          name: z.string().describe('Name of the object'),
        }),
      )
      .describe('The objects, in apply order.'),
  changeId: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        'delivery apply: id of the change in the traffic backend (GET /api/traffic/changes/:id).',
      ),
  changeState: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        'delivery apply: applied, unchanged, dry-run, pending-approval (a platform team member must approve), or failed.',
      ),
  warnings: (z: Z) =>
    z
      .array(z.string())
      .describe(
        'Things to know or do after this step (Key Vault roles, restarts, ...).',
      ),
  links: (z: Z) =>
    z
      .array(
        z.object({
          title: z.string(),
          url: z.string(),
          icon: z.string().optional(),
        }),
      )
      .describe(
        "The entity's Traffic tab and, for a pending change, its approval request.",
      ),
};
