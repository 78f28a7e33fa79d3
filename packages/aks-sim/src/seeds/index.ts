import type { ObjectStore, SimulatedClusterInfo } from '../store/types';
import { applyDemoSeed } from './demo';
import { SeedWriter } from './seedWriter';

export type SeedName = 'empty' | 'demo';

export interface SeedTarget {
  store: ObjectStore;
  cluster: SimulatedClusterInfo;
  /** Position of this cluster among the simulator's clusters (seeds differ per cluster). */
  index: number;
}

/** Loads a named scenario into one cluster (see the README's "Controllers and seeds"). */
export function applySeed(name: SeedName, target: SeedTarget): void {
  if (name === 'empty') return;
  if (name === 'demo') {
    applyDemoSeed(new SeedWriter(target.store, target.cluster), target.index);
    return;
  }
  throw new Error(`Unknown aks-sim seed '${name}'`);
}

export { loadScale } from './loadScale';
export type { LoadScaleOptions, LoadScaleResult } from './loadScale';
export { KUBERNETES_ID_LABEL } from './seedWriter';
