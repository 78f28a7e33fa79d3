import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { AKS_GATEWAY_API_VERSIONS } from '@aks-traffic/backstage-plugin-traffic-common';
import { InputError } from '@backstage/errors';
import type { TemplateActionOptions } from '@backstage/plugin-scaffolder-node';

type InputSchemaMap = NonNullable<
  NonNullable<TemplateActionOptions['schema']>['input']
>;
/** The zod instance the scaffolder hands to schema callbacks. */
export type Z = Parameters<InputSchemaMap[string]>[0];

/** Fields every traffic action takes besides its journey input (zod callbacks, described field by field). */
export const deliveryInputSchema = {
  cluster: (z: Z) =>
    z
      .string()
      .describe(
        'Cluster to change, as named in the Backstage kubernetes configuration (pick it with TrafficClusterPicker).',
      ),
  delivery: (z: Z) =>
    z
      .enum(['files', 'apply'])
      .optional()
      .describe(
        'files: write the YAML into the workspace (for a publish:* pull request, GitOps). apply: submit the change to the traffic backend as the user who runs the template (preflight, dry-run, approval policy, all-or-nothing server-side apply). Default files.',
      ),
  path: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        'files: where to write, relative to the workspace. A path ending in .yaml or .yml gets one multi-document file; any other path is a directory with one file per object. Default traffic.',
      ),
  entityRef: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        'Catalog entity the change belongs to, e.g. component:default/httpbin; recorded with the change and used for the Traffic tab link.',
      ),
  reason: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        'Why the change is needed; shown to approvers and kept in the change log.',
      ),
  gatewayApiVersion: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        'Gateway API bundle of the target cluster, used to validate the objects (AKS: v1.2.1 for Kubernetes 1.26-1.33, v1.3.0 for 1.34, v1.4.1 for 1.35, v1.5.1 for 1.36+). Default v1.2.1. With delivery apply the version the backend reports for the cluster wins.',
      ),
};

export const DELIVERY_KEYS = [
  'delivery',
  'path',
  'entityRef',
  'reason',
  'gatewayApiVersion',
] as const;

export interface DeliveryOptions {
  delivery: 'files' | 'apply';
  path: string;
  entityRef?: string;
  reason?: string;
  gatewayApiVersion: string;
}

const ENTITY_REF = /^[a-z0-9-]+:[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/i;
const DEFAULT_PATH = 'traffic';

/** Checks the delivery fields by hand (the scaffolder does not run zod refinements); InputError names the field. */
export function parseDeliveryOptions(
  raw: Record<string, unknown>,
  workspacePath: string,
): DeliveryOptions {
  const problems: string[] = [];
  const delivery = raw.delivery ?? 'files';
  if (delivery !== 'files' && delivery !== 'apply')
    problems.push(
      `delivery: ${JSON.stringify(
        delivery,
      )} is not allowed: use files or apply`,
    );
  const path = raw.path ?? DEFAULT_PATH;
  if (
    typeof path !== 'string' ||
    path.trim() === '' ||
    path.length > 512 ||
    /[\0\r\n]/.test(path)
  ) {
    problems.push(
      'path: use a relative path inside the workspace, like traffic/httpbin',
    );
  } else {
    try {
      resolveSafeChildPath(workspacePath, path);
      if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path))
        throw new Error('absolute');
    } catch {
      problems.push(
        `path: ${JSON.stringify(
          path,
        )} is outside the workspace: use a relative path without ".."`,
      );
    }
  }
  const entityRef = raw.entityRef;
  if (
    entityRef !== undefined &&
    (typeof entityRef !== 'string' ||
      !ENTITY_REF.test(entityRef) ||
      entityRef.length > 512)
  ) {
    problems.push(
      'entityRef: use a full entity reference like component:default/httpbin',
    );
  }
  const reason = raw.reason;
  if (
    reason !== undefined &&
    (typeof reason !== 'string' || reason.length > 4000)
  )
    problems.push('reason: use text of at most 4,000 characters');
  const gatewayApiVersion = raw.gatewayApiVersion ?? 'v1.2.1';
  if (
    typeof gatewayApiVersion !== 'string' ||
    !(AKS_GATEWAY_API_VERSIONS as readonly string[]).includes(gatewayApiVersion)
  ) {
    problems.push(
      `gatewayApiVersion: ${JSON.stringify(
        gatewayApiVersion,
      )} is not an AKS Gateway API bundle: use one of ${AKS_GATEWAY_API_VERSIONS.join(
        ', ',
      )}`,
    );
  }
  if (problems.length > 0) throw new InputError(problems.join('\n'));
  return {
    delivery: delivery as DeliveryOptions['delivery'],
    path: path as string,
    entityRef: entityRef as string | undefined,
    reason: reason as string | undefined,
    gatewayApiVersion: gatewayApiVersion as string,
  };
}
