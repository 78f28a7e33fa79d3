import type { ObjectRef } from '@aks-traffic/backstage-plugin-traffic-common';
import type { ChangeState } from '../../api';
import type { StatusState } from '@aks-traffic/backstage-plugin-traffic-common';

export function formatObjects(objects: ObjectRef[]): string {
  return objects
    .map(o => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`)
    .join(', ');
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
  rejected: { state: 'warning', label: 'Rejected' },
  failed: { state: 'error', label: 'Failed' },
  'dry-run': { state: 'unknown', label: 'Dry run' },
};

export function formatTime(iso: string | undefined): string {
  if (!iso) return '–';
  return iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
}
