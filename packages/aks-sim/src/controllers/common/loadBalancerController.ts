import type { Controller, ControllerContext, StoreEvent } from '../../store/types';
import { hashBytes } from './deterministic';
import { objectKey, resourceOf, splitKey } from './kinds';

export const INTERNAL_LB_ANNOTATION = 'service.beta.kubernetes.io/azure-load-balancer-internal';
const REQUESTED_IP_ANNOTATION = 'service.beta.kubernetes.io/azure-load-balancer-ipv4';

/**
 * The Azure cloud provider's part: a LoadBalancer Service gets an ingress IP after a short delay
 * (public 20.x.y.z, or 10.224.x.y when the internal annotation is "true"). Deterministic per
 * cluster and Service, so seeds and tests see stable addresses.
 */
export class LoadBalancerController implements Controller {
  readonly name = 'azure-cloud-provider-lb';
  private ctx?: ControllerContext;
  private unsubscribe?: () => void;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(private readonly options: { delayMs?: number } = {}) {}

  start(context: ControllerContext): void {
    this.ctx = context;
    this.unsubscribe = context.store.subscribe(e => this.onEvent(e));
    const svc = resourceOf(context.store, 'service');
    if (svc) for (const s of context.store.list(svc)) this.consider(objectKey(s));
  }

  stop(): void {
    this.unsubscribe?.();
    this.timers.forEach(t => clearTimeout(t));
    this.timers.clear();
    this.ctx = undefined;
  }

  private onEvent(e: StoreEvent) {
    if (e.resource.group === '' && e.resource.kind === 'Service' && e.type !== 'DELETED') this.consider(objectKey(e.object));
  }

  /** Two scheduling hops (or a real delay) stand for the time Azure takes to provision the LB. */
  private consider(serviceKey: string) {
    const ctx = this.ctx;
    if (!ctx) return;
    const later = () => ctx.schedule(() => this.assign(serviceKey));
    if (this.options.delayMs) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (this.ctx) later();
      }, this.options.delayMs);
      this.timers.add(timer);
    } else {
      ctx.schedule(later);
    }
  }

  private assign(serviceKey: string) {
    if (!this.ctx) return;
    const { store, cluster } = this.ctx;
    const t = resourceOf(store, 'service');
    const { namespace, name } = splitKey(serviceKey);
    if (!t) return;
    store.updateStatus(t, namespace, name, svc => {
      const wantIp = svc.spec?.type === 'LoadBalancer' ? loadBalancerIp(cluster.name, svc) : undefined;
      const current = svc.status?.loadBalancer?.ingress?.[0]?.ip;
      if (wantIp === current) return undefined;
      if (!wantIp) return { ...(svc.status ?? {}), loadBalancer: {} };
      return { ...(svc.status ?? {}), loadBalancer: { ingress: [{ ip: wantIp, ipMode: 'VIP' }] } };
    });
  }
}

export function loadBalancerIp(clusterName: string, svc: { metadata: { namespace?: string; name: string; annotations?: Record<string, string> }; spec?: any }): string {
  const requested = svc.metadata.annotations?.[REQUESTED_IP_ANNOTATION] ?? svc.spec?.loadBalancerIP;
  if (requested) return requested;
  const b = hashBytes(`${clusterName}/${svc.metadata.namespace}/${svc.metadata.name}`);
  if (svc.metadata.annotations?.[INTERNAL_LB_ANNOTATION] === 'true') return `10.224.${b[0]}.${(b[1] % 250) + 4}`;
  return `20.${(b[0] % 200) + 20}.${b[1]}.${(b[2] % 250) + 4}`;
}
