import type { ControllerContext } from '../../store/types';

/**
 * Keys waiting to be reconciled. Marks coalesce until the cluster's scheduler runs the batch, so
 * a burst of events reconciles each key once; nothing is scheduled while the controller is stopped.
 */
export class ReconcileQueue {
  private dirty = new Set<string>();
  private scheduled = false;

  constructor(
    private readonly context: () => ControllerContext | undefined,
    private readonly reconcile: (key: string) => void,
  ) {}

  mark(key: string): void {
    this.dirty.add(key);
    const ctx = this.context();
    if (this.scheduled || !ctx) return;
    this.scheduled = true;
    ctx.schedule(() => {
      this.scheduled = false;
      const keys = this.dirty;
      this.dirty = new Set();
      keys.forEach(k => this.reconcile(k));
    });
  }
}
