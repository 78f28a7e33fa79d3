import type { ObjectRef } from '@aks-traffic/backstage-plugin-traffic-common';

/** `namespace/name`, or `name` for cluster-scoped objects. */
export function formatObjectName(
  ref: Pick<ObjectRef, 'name' | 'namespace'>,
): string {
  return ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
}

/** Human phrase for days to expiry: "expires in 10 days", "expired 35 days ago". */
export function formatDaysLeft(daysLeft: number): string {
  if (daysLeft < 0) {
    const days = -daysLeft;
    return `expired ${days} ${days === 1 ? 'day' : 'days'} ago`;
  }
  if (daysLeft === 0) {
    return 'expires today';
  }
  return `expires in ${daysLeft} ${daysLeft === 1 ? 'day' : 'days'}`;
}
