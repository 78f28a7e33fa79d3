import {
  describeChangeObjectRef,
  type ChangeListItem,
  type ChangeObjectRef,
  type ChangeState,
  type StatusState,
} from '@aks-traffic/backstage-plugin-traffic-common';

/** `Gateway default/web, HTTPRoute default/web`. */
export function formatObjects(refs: ChangeObjectRef[]): string {
  return refs.map(describeChangeObjectRef).join(', ');
}

/** Why a change needs a decision: the policy rules that matched, then the requester's reason. */
export function changeReason(
  change: Pick<ChangeListItem, 'policyReasons' | 'reason'>,
): string | undefined {
  const reasons = [
    ...change.policyReasons,
    ...(change.reason ? [`Requester: ${change.reason}`] : []),
  ];
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}

/** The plan's diffs as one text, an `@@ action Kind namespace/name @@` header per changed object. */
export function planDiffText(plan: ChangeListItem['plan']): string | undefined {
  const text = plan
    .filter(entry => entry.diff)
    .map(
      entry =>
        `@@ ${entry.action} ${describeChangeObjectRef(entry.ref)} @@\n${
          entry.diff
        }`,
    )
    .join('\n');
  return text || undefined;
}

/** The objects the server dry-run returned, as JSON. */
export function dryRunText(
  dryRunResult: ChangeListItem['dryRunResult'],
): string | undefined {
  return dryRunResult?.length
    ? JSON.stringify(dryRunResult, null, 2)
    : undefined;
}

/** `user:default/jane.doe` → `jane.doe`; keeps refs from other namespaces readable. */
export function shortRef(ref: string | undefined): string {
  if (!ref) return '–';
  const [, rest = ref] = ref.split(':');
  return rest.startsWith('default/') ? rest.slice('default/'.length) : rest;
}

export const changeStateView: Record<
  ChangeState,
  { state: StatusState; label: string }
> = {
  applied: { state: 'ok', label: 'Applied' },
  unchanged: { state: 'ok', label: 'Unchanged' },
  'pending-approval': { state: 'pending', label: 'Waiting for approval' },
  approved: { state: 'pending', label: 'Approved, applying' },
  rejected: { state: 'warning', label: 'Rejected' },
  withdrawn: { state: 'unknown', label: 'Withdrawn' },
  failed: { state: 'error', label: 'Failed' },
  'dry-run': { state: 'unknown', label: 'Dry run' },
};

export function formatTime(iso: string | undefined): string {
  if (!iso) return '–';
  return iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
}
