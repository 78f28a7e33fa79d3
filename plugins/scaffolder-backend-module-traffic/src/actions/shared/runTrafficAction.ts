import {
  buildChange,
  BuildChangeContext,
  ChangeObjectRef,
  changeObjectRefOf,
  describeChangeObjectRef,
  formatInputIssues,
  InputIssue,
  InputParseResult,
  InputValidationError,
  KubeObject,
  sortForApply,
  SubmitChangeAlso,
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
  /** More journeys built into the same change, taken from one list input (e.g. a Gateway's `routes`). */
  also?: AlsoJourneySpec;
}

/** At most this many items in an `also` list (the change API's limit). */
export const MAX_ALSO_ITEMS = 10;

/**
 * A list input whose items are inputs of another journey, built into the same change: their
 * objects join the files, and `apply` sends them as the change's `also` (one preflight, one
 * approval, all or nothing).
 */
export interface AlsoJourneySpec {
  /** The input key holding the list, e.g. `routes`; errors name `routes[0].hostnames[0]`. */
  key: string;
  journey: SubmitChangeAlso['journey'];
  /** The common library's safe parse function for the item journey. */
  safeParse(raw: unknown): InputParseResult<unknown>;
  /** Fills in what the main input implies (e.g. the parent Gateway); `main` is parsed when valid. */
  complete(
    item: Record<string, unknown>,
    main: Record<string, unknown>,
  ): Record<string, unknown>;
  /** Extra build context for one parsed item, given the main journey's objects. */
  context?(
    parsed: unknown,
    mainObjects: KubeObject[],
  ): Partial<BuildChangeContext>;
}

interface AlsoItem {
  field: string;
  input: Record<string, unknown>;
  parsed: unknown;
}

const prefixIssues = (issues: InputIssue[], prefix: string): InputIssue[] =>
  issues.map(issue => ({
    ...issue,
    field:
      !issue.field || issue.field === 'input'
        ? prefix
        : `${prefix}${issue.field.startsWith('[') ? '' : '.'}${issue.field}`,
  }));

/** Validates the `also` list items with the item journey's parser; issues name `key[i].field`. */
function parseAlsoItems(
  spec: AlsoJourneySpec,
  raw: unknown,
  main: Record<string, unknown>,
  issues: InputIssue[],
): AlsoItem[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    issues.push({ field: spec.key, message: 'must be a list' });
    return [];
  }
  if (raw.length > MAX_ALSO_ITEMS) {
    issues.push({
      field: spec.key,
      message: `has ${raw.length} items: use at most ${MAX_ALSO_ITEMS}`,
    });
    return [];
  }
  const items: AlsoItem[] = [];
  raw.forEach((item, index) => {
    const field = `${spec.key}[${index}]`;
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      issues.push({ field, message: 'must be a set of fields' });
      return;
    }
    for (const key of ['cluster', ...DELIVERY_KEYS]) {
      if (key in item)
        issues.push({
          field: `${field}.${key}`,
          message: `is not set per item: the action's ${key} applies to the whole change`,
        });
    }
    const input = spec.complete(item as Record<string, unknown>, main);
    const result = spec.safeParse(input);
    if (!result.success) {
      issues.push(...prefixIssues(result.error.issues, field));
      return;
    }
    items.push({ field, input, parsed: result.data });
  });
  return items;
}

/** Joins the objects of several journeys: de-duplicated by object ref (an object must not differ), in apply order. */
function joinObjects(parts: Array<{ field: string; objects: KubeObject[] }>) {
  const seen = new Map<string, { field: string; object: KubeObject }>();
  const objects: KubeObject[] = [];
  for (const part of parts) {
    for (const object of part.objects) {
      const key = describeChangeObjectRef(changeObjectRefOf(object));
      const earlier = seen.get(key);
      if (!earlier) {
        seen.set(key, { field: part.field, object });
        objects.push(object);
      } else if (JSON.stringify(earlier.object) !== JSON.stringify(object)) {
        throw new InputError(
          `${part.field}: builds ${key} differently from ${earlier.field}: one change holds one version of an object`,
        );
      }
    }
  }
  return sortForApply(objects);
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
  const alsoRaw = spec.also ? journeyInput[spec.also.key] : undefined;
  if (spec.also) delete journeyInput[spec.also.key];
  const parsed = spec.safeParse(journeyInput);
  const issues: InputIssue[] = parsed.success ? [] : parsed.error.issues;
  const alsoItems = spec.also
    ? parseAlsoItems(
        spec.also,
        alsoRaw,
        parsed.success
          ? (parsed.data as Record<string, unknown>)
          : journeyInput,
        issues,
      )
    : [];
  if (issues.length > 0) inputError(new InputValidationError(issues));
  const cluster = ((parsed as { data: unknown }).data as { cluster: string })
    .cluster;

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
  if (alsoItems.length > 0) {
    const parts = [{ field: 'input', objects }];
    for (const item of alsoItems) {
      try {
        const built = buildChange(spec.also!.journey, item.input, {
          gatewayApiVersion,
          istioRevision,
          ...spec.also!.context?.(item.parsed, objects),
        });
        parts.push({ field: item.field, objects: built.objects });
        warnings = [...new Set([...warnings, ...built.warnings])];
      } catch (error) {
        if (error instanceof InputValidationError)
          issues.push(...prefixIssues(error.issues, item.field));
        else throw error;
      }
    }
    if (issues.length > 0) inputError(new InputValidationError(issues));
    objects = joinObjects(parts);
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
    ...(alsoItems.length > 0
      ? {
          also: alsoItems.map(item => ({
            journey: spec.also!.journey,
            input: item.input,
          })),
        }
      : {}),
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
  // Final states that did not apply the change fail the step. (A submission answers with
  // `pending-approval` at most; `rejected` and `withdrawn` are listed for completeness.)
  if (
    change.state === 'failed' ||
    change.state === 'rejected' ||
    change.state === 'withdrawn'
  ) {
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
