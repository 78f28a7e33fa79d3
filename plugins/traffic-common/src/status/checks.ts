import { Condition } from '../kube';
import { StatusCheck } from '../model';
import { ExplainContext, explainCondition } from './catalogue';
import { findCondition, isStale } from './conditions';

export interface ConditionCheckOptions {
  conditions: Condition[];
  type: string;
  /** metadata.generation of the object that carries the conditions. */
  generation?: number;
  context: Omit<ExplainContext, 'condition'>;
  /** What to show when the controller did not write this condition type. */
  whenMissing: StatusCheck;
}

/** One condition type of an object, interpreted (including staleness). */
export function conditionCheck(options: ConditionCheckOptions): StatusCheck {
  const condition = findCondition(options.conditions, options.type);
  if (!condition) {
    return options.whenMissing;
  }
  const explanation = explainCondition({ ...options.context, condition });
  const check: StatusCheck = {
    state: explanation.state,
    reason: condition.reason,
    message: explanation.message,
    ...(explanation.fix ? { fix: explanation.fix } : {}),
  };
  if (isStale(condition, options.generation)) {
    // The verdict is about an older spec; the current one has not been looked at yet.
    return {
      ...check,
      state: 'pending',
      stale: true,
      message: `Not yet reconciled: the controller last reported on generation ${condition.observedGeneration}, the object is at generation ${options.generation}. Last report: ${explanation.message}`,
    };
  }
  return check;
}
