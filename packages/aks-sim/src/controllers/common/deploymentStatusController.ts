import type { Controller, ControllerContext, StoreEvent } from '../../store/types';
import { nowIso, sameJson } from './conditions';
import { objectKey, resourceOf, splitKey } from './kinds';

/** Set to "true" on a Deployment to keep its replicas unready (a broken rollout, for demos and tests). */
export const UNREADY_ANNOTATION = 'aks-sim.io/unready';

/**
 * Stands in for the Deployment controller and the kubelet: a Deployment's status reports all
 * `spec.replicas` updated, ready and available once it is reconciled. No ReplicaSets or Pods are
 * created. Without it, generated `<gw>-istio` and egress gateway Deployments would look down.
 */
export class DeploymentStatusController implements Controller {
  readonly name = 'deployment-status';
  private ctx?: ControllerContext;
  private unsubscribe?: () => void;

  start(context: ControllerContext): void {
    this.ctx = context;
    this.unsubscribe = context.store.subscribe(e => this.onEvent(e));
    const t = resourceOf(context.store, 'deployment');
    if (t) for (const d of context.store.list(t)) this.later(objectKey(d));
  }

  stop(): void {
    this.unsubscribe?.();
    this.ctx = undefined;
  }

  private onEvent(e: StoreEvent) {
    if (e.resource.group === 'apps' && e.resource.kind === 'Deployment' && e.type !== 'DELETED') this.later(objectKey(e.object));
  }

  private later(k: string) {
    this.ctx?.schedule(() => this.reconcile(k));
  }

  private reconcile(k: string) {
    const store = this.ctx?.store;
    const t = store && resourceOf(store, 'deployment');
    if (!store || !t) return;
    const { namespace, name } = splitKey(k);
    store.updateStatus(
      t,
      namespace,
      name,
      current => {
        const replicas = Number(current.spec?.replicas ?? 1);
        const ready = current.metadata.annotations?.[UNREADY_ANNOTATION] === 'true' ? 0 : replicas;
        const previous = (current.status?.conditions ?? []) as Array<{ type: string; status: string; lastTransitionTime?: string }>;
        const since = (type: string, status: string) => previous.find(c => c.type === type && c.status === status)?.lastTransitionTime ?? nowIso();
        const available = ready >= replicas || replicas === 0 ? 'True' : 'False';
        const next = {
          observedGeneration: current.metadata.generation,
          replicas,
          updatedReplicas: replicas,
          readyReplicas: ready,
          availableReplicas: ready,
          ...(ready < replicas ? { unavailableReplicas: replicas - ready } : {}),
          conditions: [
            {
              type: 'Available',
              status: available,
              reason: available === 'True' ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
              message: available === 'True' ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.',
              lastTransitionTime: since('Available', available),
              lastUpdateTime: since('Available', available),
            },
            {
              type: 'Progressing',
              status: 'True',
              reason: 'NewReplicaSetAvailable',
              message: `ReplicaSet "${name}" has successfully progressed.`,
              lastTransitionTime: since('Progressing', 'True'),
              lastUpdateTime: since('Progressing', 'True'),
            },
          ],
        };
        return sameJson(next, current.status) ? undefined : next;
      },
      { fieldManager: 'kube-controller-manager' },
    );
  }
}
