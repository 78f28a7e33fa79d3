import {
  BuildChangeContext,
  ChangeList,
  ChangeRecord as ChangeAnswer,
  KubeObject,
  parseEgressInput,
  sortForApply,
  SubmittedChange,
  trafficChangeCreatePermission,
  TrafficJourney,
} from '@aks-traffic/backstage-plugin-traffic-common';
import {
  AuditorService,
  BackstageCredentials,
  DatabaseService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { ObjectApplier, ObjectFailure, PlannedObject } from './changes/applier';
import {
  buildJourneyObjects,
  BuiltObjects,
  checkRawObjects,
  toInputError,
} from './changes/buildObjects';
import { ChangeStore, ListChangesFilter } from './changes/ChangeStore';
import { LiveReader, type ObjectReader } from './changes/liveReader';
import { CachedReader } from './changes/cachedReader';
import {
  ManagedObjectCache,
  withManagedByLabel,
} from './changes/ManagedObjectCache';
import type { TrafficCache } from './cache';
import { ownerOf, pruneCandidates, withOwner } from './changes/ownership';
import { ChangePolicy } from './changes/policy';
import {
  FieldMapper,
  preflightEgress,
  preflightObjects,
  rawObjectFields,
  readSharedMeshConfig,
} from './changes/preflight';
import {
  checkSubmitShape,
  parseOrThrow,
  SubmitChangeRequest,
  submitChangeSchema,
} from './changes/request';
import { ChangeRecord, describeRef, refOf } from './changes/types';
import type { ClusterRegistry } from './types';
import type {
  ApprovalLinks,
  ChangeApprovals,
} from './approvals/ApprovalService';
import { TrafficApprovalPolicy } from './approvals/policy';

const DEFAULT_GATEWAY_API_VERSION = 'v1.2.1';

export interface ChangeServiceOptions {
  database: DatabaseService;
  clusters: ClusterRegistry;
  permissions: PermissionsService;
  logger: LoggerService;
  /** Root config: `traffic.approvals` feeds the default policy. */
  config?: Config;
  auditor?: AuditorService;
  /** Replaces the config-driven approval policy. */
  policy?: ChangePolicy;
  /** The approvals module: its policy, approver notification and approval links. */
  approvals?: ChangeApprovals;
  /** A store shared with the approvals module (default: one over `database`). */
  store?: ChangeStore;
  /**
   * The read path's watch cache: preflight reads the objects a change refers to from it when the
   * cluster's cache is synced (else, and for every negative answer, live).
   */
  cache?: TrafficCache;
  /** Watch-backed copies of managed objects for rollback snapshots (default: one of its own). */
  managedObjects?: ManagedObjectCache;
}

/**
 * Submits traffic changes: permission, server-side build and validation, preflight against live
 * state, server dry-run, approval policy, then all-or-nothing server-side apply; records each one.
 */
export class ChangeService {
  private readonly managedObjects: ManagedObjectCache;

  private constructor(
    private readonly store: ChangeStore,
    private readonly options: ChangeServiceOptions,
    private readonly policy: ChangePolicy,
  ) {
    this.managedObjects =
      options.managedObjects ??
      new ManagedObjectCache({
        clusters: options.clusters,
        logger: options.logger,
      });
  }

  /** Ends the snapshot watches (plugin shutdown). */
  stop(): void {
    this.managedObjects.stop();
  }

  static async create(options: ChangeServiceOptions): Promise<ChangeService> {
    const store =
      options.store ??
      (await ChangeStore.create({ database: options.database }));
    const policy =
      options.policy ??
      options.approvals?.policy ??
      TrafficApprovalPolicy.fromConfig(options.config);
    return new ChangeService(store, options, policy);
  }

  /** `GET /changes/:id`. */
  async get(options: { id: string }): Promise<ChangeAnswer> {
    return this.withLinks(await this.store.get(options.id));
  }

  /** `GET /changes`. */
  async list(
    options: { filter?: ListChangesFilter } = {},
  ): Promise<ChangeList> {
    const result = await this.store.list(options.filter);
    return {
      ...result,
      items: result.items.map(item => ({
        ...item,
        ...this.options.approvals?.links(item),
      })),
    };
  }

  private withLinks<T extends ChangeRecord>(record: T): T & ApprovalLinks {
    return { ...record, ...this.options.approvals?.links(record) };
  }

  /** Submits one change on behalf of `credentials` (a user). */
  async submit(options: {
    body: unknown;
    credentials: BackstageCredentials;
    request?: Request;
  }): Promise<SubmittedChange> {
    const { credentials, request } = options;
    const requestedBy =
      credentials.principal &&
      (credentials.principal as { type?: string }).type === 'user'
        ? (credentials.principal as { userEntityRef: string }).userEntityRef
        : 'unknown';
    const audit = await this.options.auditor?.createEvent({
      eventId: 'change-submit',
      severityLevel: 'medium',
      request,
      meta: { requestedBy },
    });
    try {
      const result = await this.submitAuthorized(
        options.body,
        credentials,
        requestedBy,
      );
      await audit?.success({
        meta: {
          changeId: result.id,
          state: result.state,
          cluster: result.cluster,
        },
      });
      return result;
    } catch (error) {
      await audit?.fail({ error: error as Error });
      throw error;
    }
  }

  private async submitAuthorized(
    body: unknown,
    credentials: BackstageCredentials,
    requestedBy: string,
  ): Promise<SubmittedChange> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: trafficChangeCreatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `${requestedBy} may not change traffic (permission ${trafficChangeCreatePermission.name})`,
      );
    }
    const request = parseOrThrow(submitChangeSchema, body, 'change');
    checkSubmitShape(request);
    const now = new Date().toISOString();
    const record: ChangeRecord = {
      id: randomUUID(),
      cluster: request.cluster,
      journey: request.journey ?? 'objects',
      entityRef: request.entityRef?.toLocaleLowerCase('en-US'),
      requestedBy,
      reason: request.reason,
      state: 'failed',
      // The whole input: `also` journeys ride along under input.also.
      input: request.also
        ? { ...request.input, also: request.also }
        : request.input,
      objects: [],
      objectRefs: [],
      plan: [],
      dryRunResult: [],
      warnings: [],
      message: '',
      policyReasons: [],
      createdAt: now,
      updatedAt: now,
    };
    const logMeta = {
      changeId: record.id,
      cluster: record.cluster,
      journey: record.journey,
      requestedBy,
      entityRef: record.entityRef ?? '',
    };
    try {
      return await this.run(request, record, logMeta);
    } catch (error) {
      // Rejected before anything was written: record why, and tell the client.
      const message = error instanceof Error ? error.message : String(error);
      await this.store.insert({ ...record, state: 'failed', message });
      this.options.logger.warn('Traffic change rejected', {
        ...logMeta,
        error: message,
      });
      if (error instanceof Error)
        error.message = `${message} (change ${record.id})`;
      throw error;
    }
  }

  private async run(
    request: SubmitChangeRequest,
    record: ChangeRecord,
    logMeta: Record<string, string>,
  ): Promise<SubmittedChange> {
    const connection = this.options.clusters.get(request.cluster);
    const gatewayApiVersion =
      (await connection.gatewayApiVersion()) ?? DEFAULT_GATEWAY_API_VERSION;
    const api = await connection.objectApi();
    const reader = new CachedReader(
      this.options.cache,
      request.cluster,
      new LiveReader(api, request.cluster),
    );
    const applier = new ObjectApplier(api);

    const built = request.journey
      ? await this.buildJourneys(request, gatewayApiVersion, reader)
      : {
          ...labelled(checkRawObjects(request.objects ?? [], gatewayApiVersion)),
          fields: rawObjectFields,
        };
    const objects = built.objects;
    Object.assign(record, {
      objects,
      objectRefs: objects.map(refOf),
      warnings: [...built.warnings],
    });

    const preflight = await preflightObjects({
      objects,
      reader,
      fields: built.fields,
    });
    record.warnings.push(...preflight.warnings);
    if (preflight.issues.length > 0) {
      throw new InputError(
        `Preflight against cluster ${
          request.cluster
        } failed:\n${preflight.issues
          .map(i => `${i.field}: ${i.message}`)
          .join('\n')}`,
      );
    }

    let plan: PlannedObject[];
    try {
      const prune = request.journey
        ? await pruneCandidates({
            history: this.store,
            cluster: request.cluster,
            objects,
          })
        : [];
      plan = await applier.plan(objects, {
        snapshots: this.managedObjects.source(request.cluster),
        prune,
      });
    } catch (error) {
      throw dryRunError(error, request.cluster);
    } finally {
      applier.trips.preflight = reader.calls;
    }
    // Later changes of these kinds take their snapshots from the watch (not awaited).
    void this.managedObjects.watch(request.cluster, api, objects);
    Object.assign(record, {
      plan: plan.map(entry => ({
        ref: entry.ref,
        action: entry.action,
        diff: entry.diff,
      })),
      // Objects to delete have no dry-run result; their diff shows what goes.
      dryRunResult: plan
        .filter(entry => entry.action !== 'delete')
        .map(entry => entry.dryRun),
    });
    const changed = plan.filter(entry => entry.action !== 'unchanged');
    const finish = async (
      update: Partial<ChangeRecord>,
    ): Promise<SubmittedChange> => {
      const final = {
        ...record,
        ...update,
        updatedAt: new Date().toISOString(),
      };
      await this.store.insert(final);
      this.options.logger.info(`Traffic change ${final.state}`, {
        ...logMeta,
        state: final.state,
        objects: String(objects.length),
        changed: String(changed.length),
      });
      if (final.state === 'pending-approval')
        await this.options.approvals?.onPendingApproval(final);
      return { ...this.withLinks(final), roundTrips: { ...applier.trips } };
    };

    if (changed.length === 0) {
      return finish({
        state: 'unchanged',
        message: `All ${objects.length} object(s) already match the cluster; nothing was written.`,
      });
    }
    const summary = changed
      .map(entry => `${entry.action} ${describeRef(entry.ref)}`)
      .join(', ');
    if (request.dryRun) {
      return finish({
        state: 'dry-run',
        message: `Dry run passed; applying would ${summary}.`,
      });
    }
    const decision = await this.policy.evaluate({
      cluster: request.cluster,
      journey: record.journey,
      requestedBy: record.requestedBy,
      entityRef: record.entityRef,
      plan,
    });
    if (decision.requiresApproval) {
      return finish({
        state: 'pending-approval',
        policyReasons: decision.reasons,
        message: `Waiting for platform-team approval: ${decision.reasons.join(
          '; ',
        )}. Approval would ${summary}.`,
      });
    }
    const outcome = await applier.apply(plan);
    if (outcome.ok) {
      return finish({
        state: 'applied',
        appliedAt: new Date().toISOString(),
        message: `Applied: ${summary}.`,
      });
    }
    const rollback =
      outcome.notRestored.length === 0
        ? `${outcome.restored.length} object(s) applied before it were restored; the cluster is as it was.`
        : `Rollback incomplete, fix by hand: ${outcome.notRestored
            .map(n => `${describeRef(n.ref)} (${n.message})`)
            .join('; ')}.`;
    this.options.logger.error('Traffic change failed during apply', {
      ...logMeta,
      failedObject: describeRef(outcome.failedRef),
      error: outcome.failure.message,
    });
    return finish({
      state: 'failed',
      failedObject: outcome.failedRef,
      message: `Applying object ${outcome.failedIndex + 1} of ${
        plan.length
      } (${describeRef(outcome.failedRef)}) failed: ${
        outcome.failure.message
      }. ${rollback}`,
    });
  }

  /**
   * Builds `journey` and each `also` journey with the common builders, then joins their objects:
   * de-duplicated by object ref (the same object from two journeys must be identical) and in
   * apply order. Preflight issues name the input they came from (`input.x`, `also[i].input.x`).
   */
  private async buildJourneys(
    request: SubmitChangeRequest,
    gatewayApiVersion: string,
    reader: ObjectReader,
  ): Promise<BuiltObjects & { fields: FieldMapper }> {
    const parts = [
      {
        journey: request.journey as TrafficJourney,
        input: request.input ?? {},
        field: 'input',
      },
      ...(request.also ?? []).map((also, index) => ({
        journey: also.journey as TrafficJourney,
        input: also.input,
        field: `also[${index}].input`,
      })),
    ];
    const istioRevision = await this.istioRevision(request.cluster);
    const byKey = new Map<string, { object: KubeObject; field: string }>();
    const fieldOf = new Map<KubeObject, string>();
    const objects: KubeObject[] = [];
    const warnings: string[] = [];
    for (const part of parts) {
      const built = await this.buildJourney({
        cluster: request.cluster,
        ...part,
        context: { gatewayApiVersion, istioRevision },
        reader,
      });
      for (const warning of built.warnings)
        if (!warnings.includes(warning)) warnings.push(warning);
      const owner = ownerOf(part.journey, built.objects);
      for (const builtObject of built.objects) {
        const key = describeRef(refOf(builtObject));
        const seen = byKey.get(key);
        if (seen) {
          if (JSON.stringify(seen.object) !== JSON.stringify(builtObject))
            throw new InputError(
              `${part.field}: builds ${key}, which ${seen.field} also builds differently: one change can hold one version of an object`,
            );
          continue;
        }
        byKey.set(key, { object: builtObject, field: part.field });
        const object = withOwner(withManagedByLabel(builtObject), owner);
        fieldOf.set(object, part.field);
        objects.push(object);
      }
    }
    return {
      objects: sortForApply(objects),
      warnings,
      fields: (_index, object, journeyField) =>
        `${fieldOf.get(object) ?? 'input'}.${journeyField}`,
    };
  }

  private async buildJourney(options: {
    cluster: string;
    journey: TrafficJourney;
    input: Record<string, unknown>;
    /** Where the input sits in the request, for error messages: `input` or `also[i].input`. */
    field: string;
    context: BuildChangeContext;
    reader: ObjectReader;
  }): Promise<BuiltObjects> {
    const { cluster, journey, input: rawInput, field, reader } = options;
    if (rawInput.cluster !== undefined && rawInput.cluster !== cluster) {
      throw new InputError(
        `${field}.cluster: "${String(
          rawInput.cluster,
        )}" differs from cluster "${cluster}": send one cluster`,
      );
    }
    const input = { ...rawInput, cluster };
    const context: BuildChangeContext = { ...options.context };
    const warnings: string[] = [];
    if (journey === 'egress') {
      let egress;
      try {
        egress = parseEgressInput(input);
      } catch (error) {
        return toInputError(error, field);
      }
      const check = await preflightEgress(egress, reader);
      if (check.issues.length > 0) {
        throw new InputError(
          `Preflight against cluster ${cluster} failed:\n${check.issues
            .map(i => `${i.field}: ${i.message}`)
            .join('\n')}`,
        );
      }
      warnings.push(...check.warnings);
      context.egressGatewayExists = check.exists;
      const revision = egress.egressGateway.revision ?? context.istioRevision;
      if (egress.registryOnly.scope === 'mesh' && revision) {
        context.sharedMeshConfig = await readSharedMeshConfig(revision, reader);
      }
    }
    const built = buildJourneyObjects(journey, input, context, field);
    return {
      objects: built.objects,
      warnings: [...warnings, ...built.warnings],
    };
  }

  private async istioRevision(cluster: string): Promise<string | undefined> {
    try {
      const summary = (await this.options.clusters.summaries()).find(
        s => s.name === cluster,
      );
      return [...(summary?.istioRevisions ?? [])].sort().pop();
    } catch {
      return undefined;
    }
  }
}

function labelled<T extends { objects: KubeObject[] }>(built: T): T {
  return { ...built, objects: built.objects.map(withManagedByLabel) };
}

function dryRunError(error: unknown, cluster: string): Error {
  if (!(error instanceof ObjectFailure)) return error as Error;
  const { failure } = error;
  const text = `Server dry-run on cluster ${cluster} refused ${describeRef(
    error.ref,
  )}: ${failure.message}`;
  if (failure.code === 409)
    return new ConflictError(
      `${text}. Another field manager owns these fields; nothing was applied.`,
    );
  if (failure.code === 0 || failure.code >= 500 || failure.code === 429)
    return new ServiceUnavailableError(text);
  if (failure.code === 401 || failure.code === 403)
    return new NotAllowedError(
      `${text} (the traffic backend's cluster identity lacks this right)`,
    );
  return new InputError(text);
}

export type { KubeObject };
