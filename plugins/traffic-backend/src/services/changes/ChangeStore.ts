import type {
  ChangeJourney,
  ChangeListItem,
  KubeObject,
} from '@aks-traffic/backstage-plugin-traffic-common';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { Knex } from 'knex';
import { ChangeRecord, ChangeState } from './types';
import { OWNER_ANNOTATION } from './ownership';

const TABLE = 'changes';

interface ChangeRow {
  id: string;
  cluster: string;
  journey: string;
  entity_ref: string | null;
  requested_by: string;
  reason: string | null;
  state: string;
  input: string | null;
  objects: string;
  object_refs: string;
  plan: string;
  dry_run_result: string;
  warnings: string;
  message: string;
  policy_reasons: string;
  failed_object: string | null;
  decided_by: string | null;
  decision_comment: string | null;
  version: number;
  created_at: string | Date;
  updated_at: string | Date;
  decided_at: string | Date | null;
  applied_at: string | Date | null;
}

export interface ListChangesFilter {
  state?: ChangeState[];
  entityRef?: string;
  cluster?: string;
  requestedBy?: string;
  limit?: number;
  offset?: number;
  /** Keep each object's diff and the dry-run result in the items. */
  details?: boolean;
}

/**
 * Summary rows for lists (ChangeListItem in traffic-common, without the API's links): the heavy
 * JSON columns (objects, dry-run result, input) are left out, and the diffs too unless `details`
 * asks for them (then with the dry-run result).
 */
export type ChangeSummary = Omit<ChangeListItem, 'approvalUrl'>;

const iso = (value: string | Date | null | undefined) => {
  if (value === null || value === undefined) return undefined;
  const date =
    value instanceof Date
      ? value
      : new Date(
          /^\d{4}-\d\d-\d\d \d/.test(value)
            ? `${value.replace(' ', 'T')}Z`
            : value,
        );
  return date.toISOString();
};
const json = <T>(value: string | null, fallback: T): T =>
  value ? (JSON.parse(value) as T) : fallback;

function toRecord(row: ChangeRow): ChangeRecord {
  return {
    id: row.id,
    cluster: row.cluster,
    journey: row.journey as ChangeJourney,
    ...(row.entity_ref ? { entityRef: row.entity_ref } : {}),
    requestedBy: row.requested_by,
    ...(row.reason ? { reason: row.reason } : {}),
    state: row.state as ChangeState,
    input: json(row.input, undefined),
    objects: json(row.objects, []),
    objectRefs: json(row.object_refs, []),
    plan: json(row.plan, []),
    dryRunResult: json(row.dry_run_result, []),
    warnings: json(row.warnings, []),
    message: row.message,
    policyReasons: json(row.policy_reasons, []),
    ...(row.failed_object
      ? { failedObject: json(row.failed_object, undefined) }
      : {}),
    ...(row.decided_by ? { decidedBy: row.decided_by } : {}),
    ...(row.decision_comment ? { decisionComment: row.decision_comment } : {}),
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    ...(row.decided_at ? { decidedAt: iso(row.decided_at) } : {}),
    ...(row.applied_at ? { appliedAt: iso(row.applied_at) } : {}),
  };
}

function toRow(record: ChangeRecord): Omit<ChangeRow, 'version'> {
  return {
    id: record.id,
    cluster: record.cluster,
    journey: record.journey,
    entity_ref: record.entityRef ?? null,
    requested_by: record.requestedBy,
    reason: record.reason ?? null,
    state: record.state,
    input: record.input === undefined ? null : JSON.stringify(record.input),
    objects: JSON.stringify(record.objects),
    object_refs: JSON.stringify(record.objectRefs),
    plan: JSON.stringify(record.plan),
    dry_run_result: JSON.stringify(record.dryRunResult),
    warnings: JSON.stringify(record.warnings),
    message: record.message,
    policy_reasons: JSON.stringify(record.policyReasons),
    failed_object: record.failedObject
      ? JSON.stringify(record.failedObject)
      : null,
    decided_by: record.decidedBy ?? null,
    decision_comment: record.decisionComment ?? null,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    decided_at: record.decidedAt ?? null,
    applied_at: record.appliedAt ?? null,
  };
}

/** knex's migration lock is taken, or two instances created its tables at once (PostgreSQL unique/duplicate table). */
const isConcurrentMigration = (error: unknown) =>
  (error as Error)?.name === 'MigrationLocked' ||
  ['23505', '42P07'].includes((error as { code?: string })?.code ?? '');

/**
 * Runs the plugin's migrations. Backend instances that start together (a scaled-out deployment)
 * race for the same database: the losers wait and retry, and find the work done.
 */
async function migrate(db: Knex): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.migrate.latest({
        directory: resolvePackagePath(
          '@aks-traffic/backstage-plugin-traffic-backend',
          'migrations',
        ),
        tableName: 'traffic_knex_migrations',
      });
      return;
    } catch (error) {
      // Up to ~30 s: on a busy machine the winner's migrations can take seconds.
      if (!isConcurrentMigration(error) || attempt >= 60) throw error;
      await new Promise(resolve =>
        setTimeout(resolve, Math.min(50 * attempt, 500) + Math.random() * 50),
      );
    }
  }
}

/** The `changes` table (SQLite or PostgreSQL through Backstage's DatabaseService). */
export class ChangeStore {
  private constructor(private readonly db: Knex) {}

  static async create(options: {
    database: DatabaseService;
  }): Promise<ChangeStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) await migrate(db);
    return new ChangeStore(db);
  }

  async insert(record: ChangeRecord): Promise<void> {
    await this.db<ChangeRow>(TABLE).insert({ ...toRow(record), version: 0 });
  }

  async get(id: string): Promise<ChangeRecord> {
    const row = await this.db<ChangeRow>(TABLE).where({ id }).first();
    if (!row) throw new NotFoundError(`Change ${id} not found`);
    return toRecord(row);
  }

  /**
   * Moves a change from one state to another only if it is still in `from` (compare-and-set, safe
   * across backend instances): throws ConflictError when another request moved it first.
   */
  async transition(
    id: string,
    from: ChangeState[],
    update: Partial<ChangeRecord> & { state: ChangeState },
  ): Promise<ChangeRecord> {
    const current = await this.get(id);
    const next: ChangeRecord = {
      ...current,
      ...update,
      updatedAt: new Date().toISOString(),
    };
    const { id: _id, created_at: _created, ...row } = toRow(next);
    const count = await this.db<ChangeRow>(TABLE)
      .where({ id })
      .whereIn('state', from)
      .increment('version', 1)
      .update(row);
    if (count === 0)
      throw new ConflictError(
        `Change ${id} is ${current.state}, not ${from.join(' or ')}`,
      );
    return next;
  }

  /**
   * The objects of the newest applied (or unchanged) change on `cluster` with an object of
   * `owner` (ownership.ts): what that journey input made last time. Undefined when none.
   */
  async lastAppliedObjects(options: {
    cluster: string;
    owner: string;
  }): Promise<KubeObject[] | undefined> {
    const needle = JSON.stringify({ [OWNER_ANNOTATION]: options.owner }).slice(1, -1);
    const pattern = `%${needle.replace(/[\\%_]/g, match => `\\${match}`)}%`;
    const row = await this.db<ChangeRow>(TABLE)
      .select('objects')
      .where('cluster', options.cluster)
      .whereIn('state', ['applied', 'unchanged'])
      .whereRaw("objects like ? escape '\\'", [pattern])
      .orderBy([
        { column: 'updated_at', order: 'desc' },
        { column: 'created_at', order: 'desc' },
      ])
      .first();
    return row ? json<KubeObject[]>(row.objects, []) : undefined;
  }

  async list(
    filter: ListChangesFilter = {},
  ): Promise<{ items: ChangeSummary[]; totalCount: number }> {
    const query = this.db<ChangeRow>(TABLE);
    if (filter.state?.length) query.whereIn('state', filter.state);
    if (filter.entityRef)
      query.where('entity_ref', filter.entityRef.toLocaleLowerCase('en-US'));
    if (filter.cluster) query.where('cluster', filter.cluster);
    if (filter.requestedBy) query.where('requested_by', filter.requestedBy);
    const [{ count }] = await query.clone().count({ count: '*' });
    const rows = await query
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(Math.min(filter.limit ?? 50, 500))
      .offset(filter.offset ?? 0);
    return {
      totalCount: Number(count),
      items: rows.map(row => {
        const {
          objects: _o,
          dryRunResult,
          input: _i,
          plan,
          ...rest
        } = toRecord(row);
        if (filter.details) return { ...rest, plan, dryRunResult };
        return {
          ...rest,
          plan: plan.map(({ diff: _diff, ...entry }) => entry),
        };
      }),
    };
  }
}
