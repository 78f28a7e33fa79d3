import { parseEgressInput } from '@aks-traffic/backstage-plugin-traffic-common';
import { ConflictError, InputError, NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { ObjectApplier, ObjectFailure, PlannedObject } from '../changes/applier';
import { LiveReader } from '../changes/liveReader';
import { journeyFields, preflightEgress, preflightObjects, rawObjectFields } from '../changes/preflight';
import { ChangeRecord, describeRef, ObjectPlan } from '../changes/types';
import { pruneCandidates, type OwnerHistory } from '../changes/ownership';
import type { ClusterConnection } from '../types';

/**
 * The change can no longer be applied as approved: the cluster moved on since the request
 * (preflight fails now, the server refuses the dry-run, or the objects drifted). Final: the
 * change becomes `failed` with this message.
 */
export class StaleChangeError extends ConflictError {}

/** The lines a diff adds or removes (context lines left out, so controller-written metadata is no drift). */
const changedLines = (diff: string) => diff.split('\n').filter(line => line.startsWith('- ') || line.startsWith('+ '));

const DRIFT_EXPLANATIONS: Record<string, string> = {
  'create->update': 'it was created on the cluster since the request',
  'update->create': 'it was deleted from the cluster since the request',
  'unchanged->create': 'it was deleted from the cluster since the request',
  'create->unchanged': 'the cluster already has it as requested',
  'update->unchanged': 'the cluster already has it as requested',
};

/** Differences between the plan the approver saw and the plan against the cluster as it is now. */
export function driftBetween(
  approved: ObjectPlan[],
  fresh: Pick<PlannedObject, 'ref' | 'action' | 'diff'>[],
  options: { acceptApplied?: boolean } = {},
): string[] {
  const drift: string[] = [];
  const approvedByRef = new Map(approved.map(entry => [describeRef(entry.ref), entry]));
  fresh.forEach(entry => {
    const what = describeRef(entry.ref);
    const before = approvedByRef.get(what);
    if (options.acceptApplied && before && before.action !== 'unchanged' && entry.action === 'unchanged') {
      // An interrupted attempt already applied it as approved.
    } else if (!before) {
      drift.push(`${what} was not part of the approved plan`);
    } else if (before.action !== entry.action) {
      const explain = DRIFT_EXPLANATIONS[`${before.action}->${entry.action}`] ?? 'it was changed on the cluster since the request';
      const now = entry.action === 'unchanged' ? 'now there is nothing to do' : `now it would ${entry.action} it`;
      drift.push(`${what}: the request would ${before.action} it, ${now} (${explain})`);
    } else if (changedLines(before.diff).join('\n') !== changedLines(entry.diff).join('\n')) {
      drift.push(`${what} was changed on the cluster since the request: the approved diff no longer matches`);
    }
  });
  return drift;
}

/**
 * Re-runs preflight and the server dry-run of a stored change against the cluster as it is now,
 * and checks that the resulting plan is the one the approver saw. Returns the fresh plan and an
 * applier over the same connection; throws StaleChangeError (final) or ServiceUnavailableError
 * (the cluster could not be asked: the change stays pending).
 */
export async function replanApprovedChange(options: {
  record: ChangeRecord;
  connection: ClusterConnection;
  /** Where the objects an earlier change of the same input made are found (pruning). */
  history?: OwnerHistory;
  /** Resuming an interrupted apply: objects already as approved are no drift. */
  acceptApplied?: boolean;
}): Promise<{ plan: PlannedObject[]; applier: ObjectApplier }> {
  const { record, connection, history, acceptApplied } = options;
  const api = await connection.objectApi();
  const reader = new LiveReader(api, record.cluster);
  const applier = new ObjectApplier(api);
  const isJourney = record.journey !== 'objects';
  const issues = [];
  if (record.journey === 'egress') {
    let input;
    try {
      input = parseEgressInput({ ...(record.input as object), cluster: record.cluster });
    } catch (error) {
      throw new StaleChangeError(`The stored egress input no longer parses: ${(error as Error).message}`);
    }
    issues.push(...(await preflightEgress(input, reader)).issues);
  }
  issues.push(...(await preflightObjects({ objects: record.objects, reader, fields: isJourney ? journeyFields : rawObjectFields })).issues);
  if (issues.length > 0) {
    throw new StaleChangeError(
      `Preflight against cluster ${record.cluster} fails now:\n${issues.map(issue => `${issue.field}: ${issue.message}`).join('\n')}`,
    );
  }
  let plan: PlannedObject[];
  try {
    const prune =
      history && isJourney
        ? await pruneCandidates({ history, cluster: record.cluster, objects: record.objects })
        : [];
    plan = await applier.plan(record.objects, { prune });
  } catch (error) {
    if (!(error instanceof ObjectFailure)) throw error;
    const { code, message } = error.failure;
    const text = `Server dry-run on cluster ${record.cluster} refuses ${describeRef(error.ref)} now: ${message}`;
    if (code === 0 || code === 429 || code >= 500) throw new ServiceUnavailableError(text);
    throw new StaleChangeError(code === 409 ? `${text}. Another field manager owns these fields.` : text);
  }
  const drift = driftBetween(record.plan, plan, { acceptApplied });
  if (drift.length > 0) {
    throw new StaleChangeError(`The cluster changed since the request, so the approved diff is out of date: ${drift.join('; ')}`);
  }
  return { plan, applier };
}

/**
 * True for errors that say the change itself cannot be applied (final: the change fails). Any
 * other error (cluster unreachable, token refresh, a bug) leaves the change pending so it can be
 * approved again once the cause is fixed.
 */
export function isFinal(error: unknown): boolean {
  return error instanceof StaleChangeError || error instanceof NotFoundError || error instanceof InputError;
}
