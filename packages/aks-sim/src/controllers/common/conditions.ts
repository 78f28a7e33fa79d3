import type { Condition } from '@aks-traffic/backstage-plugin-traffic-common';

export type DesiredCondition = Omit<Condition, 'lastTransitionTime' | 'observedGeneration'>;

/**
 * Merges desired conditions into existing ones the way Kubernetes controllers do
 * (meta.SetStatusCondition): lastTransitionTime only moves when `status` changes, and condition
 * types other controllers wrote are kept.
 */
export function mergeConditions(
  existing: Condition[] | undefined,
  desired: DesiredCondition[],
  generation: number | undefined,
  now: string,
): Condition[] {
  const result: Condition[] = [];
  const desiredTypes = new Set(desired.map(c => c.type));
  for (const old of existing ?? []) {
    if (!desiredTypes.has(old.type)) result.push(old);
  }
  for (const want of desired) {
    const old = existing?.find(c => c.type === want.type);
    result.push({
      type: want.type,
      status: want.status,
      reason: want.reason,
      message: want.message ?? '',
      observedGeneration: generation,
      lastTransitionTime:
        old && old.status === want.status && old.lastTransitionTime ? old.lastTransitionTime : now,
    });
  }
  return result;
}

export function nowIso(): string {
  return new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** JSON equality, used to avoid status writes (and watch events) when nothing changed. */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
