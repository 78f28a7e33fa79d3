import {
  buildChange,
  ChangeObjectRef,
  changeObjectRefOf,
  formatInputIssues,
  InputParseResult,
  InputValidationError,
  KubeObject,
  TrafficJourney,
} from '@aks-traffic/backstage-plugin-traffic-common';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DELIVERY_KEYS, parseDeliveryOptions } from './deliveryInput';
import {
  fileNameOf,
  toMultiDocumentYaml,
  toYaml,
  validateBuiltObjects,
} from './manifests';
import { TrafficBackendClient } from './trafficClient';

export interface TrafficActionSpec {
  actionId: string;
  journey: TrafficJourney;
  /** The common library's safe parse function for the journey (defaults, domain rules, field-named issues). */
  safeParse(raw: unknown): InputParseResult<unknown>;
}

export interface TrafficActionOutput {
  manifests: string;
  objectRefs: ChangeObjectRef[];
  changeId?: string;
  changeState?: string;
  warnings: string[];
  links: Array<{ title: string; url: string; icon?: string }>;
}

/**
 * Templates render optional parameters the user left empty as "" (and `[""]` for a list of one);
 * those mean "not set", so they are dropped before validation.
 */
export function dropEmptyValues(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(dropEmptyValues).filter(item => item !== undefined);
    return items.length === 0 && value.length > 0 ? undefined : items;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const entries = Object.entries(value);
    for (const [key, child] of entries) {
      const cleaned = dropEmptyValues(child);
      if (cleaned !== undefined) out[key] = cleaned;
    }
    return Object.keys(out).length === 0 && entries.length > 0
      ? undefined
      : out;
  }
  return value === '' ? undefined : value;
}

function inputError(error: unknown): never {
  if (error instanceof InputValidationError)
    throw new InputError(formatInputIssues(error.issues));
  throw error;
}

function linksFor(
  entityRef: string | undefined,
  changeId: string | undefined,
  state: string | undefined,
  approvalUrl?: string,
) {
  const links: TrafficActionOutput['links'] = [];
  if (entityRef) {
    // Validated as kind:namespace/name by parseDeliveryOptions.
    const [, kind, namespace, name] = /^([^:]+):([^/]+)\/(.+)$/.exec(
      entityRef,
    )!;
    links.push({
      title: 'Traffic tab',
      url: `/catalog/${namespace}/${kind.toLocaleLowerCase(
        'en-US',
      )}/${name}/traffic`,
      icon: 'kind:component',
    });
  }
  if (changeId && state === 'pending-approval') {
    links.push({
      title: 'Approval request',
      url:
        approvalUrl ??
        `/traffic-approvals?change=${encodeURIComponent(changeId)}`,
    });
  }
  return links;
}

/**
 * The pipeline every traffic action shares: split delivery fields from the journey input,
 * validate both by hand (InputError naming the field), build with the common builders, validate
 * every object against the target Gateway API version, then write files or submit to the backend.
 */
export async function runTrafficAction(
  ctx: ActionContext<any, any, any>,
  spec: TrafficActionSpec,
  client: TrafficBackendClient,
): Promise<TrafficActionOutput> {
  if (!ctx.input || typeof ctx.input !== 'object' || Array.isArray(ctx.input))
    throw new InputError('input: must be a set of fields');
  const raw = dropEmptyValues(ctx.input) as Record<string, unknown>;
  const journeyInput: Record<string, unknown> = {};
  const deliveryRaw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if ((DELIVERY_KEYS as readonly string[]).includes(key))
      deliveryRaw[key] = value;
    else journeyInput[key] = value;
  }
  const options = parseDeliveryOptions(deliveryRaw, ctx.workspacePath);
  const parsed = spec.safeParse(journeyInput);
  if (!parsed.success) inputError(parsed.error);
  const cluster = (parsed.data as { cluster: string }).cluster;

  let gatewayApiVersion = options.gatewayApiVersion;
  let istioRevision: string | undefined;
  if (options.delivery === 'apply') {
    const credentials = await ctx.getInitiatorCredentials();
    const clusters = await client.listClusters(credentials);
    const info = clusters.find(c => c.name === cluster);
    if (!info) {
      throw new InputError(
        `cluster: "${cluster}" is not configured in the traffic backend: use one of ${
          clusters.map(c => c.name).join(', ') || '(none)'
        }`,
      );
    }
    gatewayApiVersion = info.gatewayApiVersion ?? gatewayApiVersion;
    istioRevision = [...(info.istioRevisions ?? [])].sort().pop();
  }

  let objects: KubeObject[];
  let warnings: string[];
  try {
    ({ objects, warnings } = buildChange(spec.journey, journeyInput, {
      gatewayApiVersion,
      istioRevision,
    }));
  } catch (error) {
    return inputError(error);
  }
  validateBuiltObjects(objects, gatewayApiVersion);
  const manifests = toMultiDocumentYaml(objects);
  const objectRefs = objects.map(changeObjectRefOf);
  for (const warning of warnings) ctx.logger.warn(warning);

  if (options.delivery === 'files') {
    const target = resolveSafeChildPath(ctx.workspacePath, options.path);
    if (/\.ya?ml$/i.test(options.path)) {
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, manifests, 'utf8');
    } else {
      await fs.mkdir(target, { recursive: true });
      for (const object of objects)
        await fs.writeFile(
          path.join(target, fileNameOf(object)),
          toYaml(object),
          'utf8',
        );
    }
    ctx.logger.info(
      `Wrote ${objects.length} object(s) for cluster ${cluster} to ${options.path}`,
    );
    return {
      manifests,
      objectRefs,
      warnings,
      links: linksFor(options.entityRef, undefined, undefined),
    };
  }

  const body = {
    cluster,
    journey: spec.journey,
    input: journeyInput,
    ...(options.entityRef ? { entityRef: options.entityRef } : {}),
    ...(options.reason ? { reason: options.reason } : {}),
    ...(ctx.isDryRun ? { dryRun: true } : {}),
  };
  const digest = createHash('sha256')
    .update(JSON.stringify(body))
    .digest('hex')
    .slice(0, 16);
  const change = await ctx.checkpoint({
    key: `${spec.actionId}:${ctx.step?.id ?? 'step'}:${digest}`,
    fn: async () => {
      const submitted = await client.submitChange(
        await ctx.getInitiatorCredentials(),
        body,
      );
      return {
        id: submitted.id,
        state: submitted.state,
        message: submitted.message,
        warnings: submitted.warnings ?? [],
        ...(submitted.approvalUrl
          ? { approvalUrl: submitted.approvalUrl }
          : {}),
      };
    },
  });
  ctx.logger.info(
    `Change ${change.id} on ${cluster}: ${change.state}. ${change.message}`,
  );
  const result: TrafficActionOutput = {
    manifests,
    objectRefs,
    changeId: change.id,
    changeState: change.state,
    warnings: [...new Set([...warnings, ...change.warnings])],
    links: linksFor(
      options.entityRef,
      change.id,
      change.state,
      (change as { approvalUrl?: string }).approvalUrl,
    ),
  };
  if (change.state === 'failed' || change.state === 'rejected') {
    setOutputs(ctx, result);
    throw new Error(`Change ${change.id} ${change.state}: ${change.message}`);
  }
  return result;
}

export function setOutputs(
  ctx: ActionContext<any, any, any>,
  output: TrafficActionOutput,
): void {
  ctx.output('manifests', output.manifests);
  ctx.output('objectRefs', output.objectRefs as any);
  if (output.changeId) ctx.output('changeId', output.changeId);
  if (output.changeState) ctx.output('changeState', output.changeState);
  ctx.output('warnings', output.warnings);
  ctx.output('links', output.links as any);
}
