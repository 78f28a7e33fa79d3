import type { ObjectStore, SimulatedClusterInfo } from '../store/types';

export type SeedName = 'empty' | 'demo';

export interface SeedTarget {
  store: ObjectStore;
  cluster: SimulatedClusterInfo;
  /** Position of this cluster among the simulator's clusters (seeds differ per cluster). */
  index: number;
}

/** Loads a named scenario into one cluster. */
export function applySeed(name: SeedName, _target: SeedTarget): void {
  if (name === 'empty') return;
  throw new Error(`Unknown aks-sim seed '${name}'`);
}
