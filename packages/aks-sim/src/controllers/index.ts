import type { Controller } from '../store/types';

/** The simulated in-cluster controllers, started for every cluster. */
export function createControllers(): Controller[] {
  return [];
}
