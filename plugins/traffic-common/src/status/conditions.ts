import { Condition, KubeObject } from '../kube';
import { asArray, asNumber, asRecord, asString } from './safe';

const CONDITION_STATUSES = new Set(['True', 'False', 'Unknown']);

/** Reads a conditions array, dropping entries without a usable `type` and `status`. */
export function readConditions(value: unknown): Condition[] {
  const conditions: Condition[] = [];
  for (const entry of asArray(value)) {
    const record = asRecord(entry);
    const type = asString(record.type);
    const status = asString(record.status);
    if (!type || !status || !CONDITION_STATUSES.has(status)) {
      continue;
    }
    conditions.push({
      type,
      status: status as Condition['status'],
      reason: asString(record.reason),
      message: asString(record.message),
      observedGeneration: asNumber(record.observedGeneration),
      lastTransitionTime: asString(record.lastTransitionTime),
    });
  }
  return conditions;
}

export function findCondition(
  conditions: Condition[],
  type: string,
): Condition | undefined {
  return conditions.find(c => c.type === type);
}

/**
 * True when the controller wrote the condition for an older spec: the object changed since
 * and has not been reconciled yet. Conditions without observedGeneration are never stale.
 */
export function isStale(
  condition: Condition | undefined,
  generation: number | undefined,
): boolean {
  return (
    condition?.observedGeneration !== undefined &&
    generation !== undefined &&
    condition.observedGeneration < generation
  );
}

/**
 * The Gateway API CRDs default a Gateway's status to Accepted/Programmed `Unknown` with reason
 * `Pending` ("Waiting for controller"): no controller has written anything yet.
 */
export function isCrdDefaultPending(condition: Condition | undefined): boolean {
  return condition?.status === 'Unknown' && condition.reason === 'Pending';
}

export function generationOf(
  object: KubeObject | undefined,
): number | undefined {
  return asNumber(asRecord(object?.metadata).generation);
}
