import { StatusCheck, StatusState } from '../model';

// Worst wins: an error anywhere outranks a warning, which outranks waiting, which outranks not knowing.
const SEVERITY: Record<StatusState, number> = {
  ok: 0,
  unknown: 1,
  pending: 2,
  warning: 3,
  error: 4,
};

/** The overall state of several states (worst wins); `ok` for an empty list. */
export function summarize(
  states: ReadonlyArray<StatusState | undefined>,
): StatusState {
  let worst: StatusState = 'ok';
  for (const state of states) {
    if (state && SEVERITY[state] > SEVERITY[worst]) {
      worst = state;
    }
  }
  return worst;
}

export function severity(state: StatusState): number {
  return SEVERITY[state];
}

/** The first check (in the caller's priority order) with the worst state; undefined when all are ok. */
export function primaryProblem(
  checks: ReadonlyArray<StatusCheck | undefined>,
): StatusCheck | undefined {
  const present = checks.filter((c): c is StatusCheck => !!c);
  const worst = summarize(present.map(c => c.state));
  if (worst === 'ok') {
    return undefined;
  }
  return present.find(c => c.state === worst);
}
