import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import type { Controller, ControllerContext, StoreEvent } from '../../store/types';
import { ReconcileQueue } from '../common/reconcileQueue';
import { mergeConditions, nowIso, sameJson, type DesiredCondition } from '../common/conditions';
import { hashHex } from '../common/deterministic';
import { key, objectKey, resourceOf, specFingerprint, splitKey } from '../common/kinds';

export const ALB_CONTROLLER_NAME = 'alb.networking.azure.io/alb-controller';
export const ALB_CLASS = 'azure-alb-external';
const UPDATED = 'Application Gateway For Containers resource has been successfully updated.';

/**
 * Application Gateway for Containers' ALB Controller (status only): the azure-alb-external class,
 * Gateways with `alb-name`+`alb-namespace` (or `alb-id`) annotations get a `*.alb.azure.com`
 * Hostname address, routes get parent statuses with the ALB controller name.
 */
export class AlbController implements Controller {
  readonly name = 'alb-controller';
  private ctx?: ControllerContext;
  private unsubscribe?: () => void;
  private readonly queue = new ReconcileQueue(
    () => this.ctx,
    queued => this.reconcile(queued),
  );
  private readonly fingerprints = new Map<string, string>();

  start(context: ControllerContext): void {
    this.ctx = context;
    this.unsubscribe = context.store.subscribe(e => this.onEvent(e));
    this.queue.mark('class|');
    for (const kind of ['gateway', 'httpRoute', 'grpcRoute'] as const) {
      const t = resourceOf(context.store, kind);
      if (t) for (const o of context.store.list(t)) this.queue.mark(`${t.kind}|${objectKey(o)}`);
    }
  }

  stop(): void {
    this.unsubscribe?.();
    this.ctx = undefined;
  }

  private onEvent(e: StoreEvent) {
    const { resource: r, object: o } = e;
    if (r.group === '' && r.kind === 'Service' && e.type !== 'MODIFIED') {
      this.markRoutesUsingService(o.metadata.namespace ?? '', o.metadata.name); // BackendNotFound may change
      return;
    }
    if (r.group !== 'gateway.networking.k8s.io' || e.type === 'DELETED') return;
    if (r.kind === 'GatewayClass') this.queue.mark('class|');
    else if (r.kind === 'Gateway' || r.kind.endsWith('Route')) {
      // Status writes (ours and Istio's) do not change the fingerprint and are ignored.
      const fp = specFingerprint(o);
      const k = `${r.kind}|${objectKey(o)}`;
      if (this.fingerprints.get(k) === fp) return;
      this.fingerprints.set(k, fp);
      this.queue.mark(k);
    }
  }

  /** Routes naming the Service as a backend (a scan: Services come and go rarely). */
  private markRoutesUsingService(namespace: string, name: string) {
    const store = this.ctx?.store;
    if (!store) return;
    // Every served version lists the same objects; `mark` dedupes.
    for (const t of store.resourceTypes()) {
      if (t.group !== 'gateway.networking.k8s.io' || !t.kind.endsWith('Route')) continue;
      for (const route of store.list(t)) {
        const refs = ((route.spec?.rules ?? []) as Array<{ backendRefs?: Array<{ name: string; namespace?: string; kind?: string }> }>).flatMap(rule => rule.backendRefs ?? []);
        if (refs.some(b => (b.kind ?? 'Service') === 'Service' && b.name === name && (b.namespace ?? route.metadata.namespace) === namespace)) {
          this.queue.mark(`${t.kind}|${objectKey(route)}`);
        }
      }
    }
  }


  private isAlbGateway(gateway: KubeObject | undefined): boolean {
    if (!gateway || !this.ctx) return false;
    const gc = resourceOf(this.ctx.store, 'gatewayClass');
    const cls = gc ? this.ctx.store.get(gc, undefined, gateway.spec?.gatewayClassName) : undefined;
    return cls?.spec?.controllerName === ALB_CONTROLLER_NAME;
  }

  private reconcile(item: string) {
    const { store } = this.ctx!;
    const [kind, k] = item.split('|');
    const now = nowIso();
    if (kind === 'class') {
      const gc = resourceOf(store, 'gatewayClass');
      if (!gc) return;
      for (const cls of store.list(gc)) {
        if (cls.spec?.controllerName !== ALB_CONTROLLER_NAME) continue;
        store.updateStatus(gc, undefined, cls.metadata.name, current => {
          const conditions = mergeConditions(current.status?.conditions, [{ type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Valid GatewayClass' }], current.metadata.generation, now);
          return sameJson(conditions, current.status?.conditions) ? undefined : { ...(current.status ?? {}), conditions };
        });
      }
      return;
    }
    const { namespace, name } = splitKey(k);
    if (kind === 'Gateway') {
      this.reconcileGateway(namespace, name, now);
      return;
    }
    const rt = store.resourceTypes().find(t => t.group === 'gateway.networking.k8s.io' && t.kind === kind);
    const route = rt ? store.get(rt, namespace, name) : undefined;
    if (!rt || !route) return;
    const gwType = resourceOf(store, 'gateway')!;
    const svcType = resourceOf(store, 'service');
    const ours = ((route.spec?.parentRefs ?? []) as Array<{ name: string; namespace?: string; kind?: string }>)
      .filter(p => (p.kind ?? 'Gateway') === 'Gateway')
      .filter(p => this.isAlbGateway(store.get(gwType, p.namespace ?? namespace, p.name)));
    if (ours.length === 0) return;
    const missing = ((route.spec?.rules ?? []) as Array<{ backendRefs?: Array<{ name: string; namespace?: string; kind?: string }> }>)
      .flatMap(r => r.backendRefs ?? [])
      .find(b => (b.kind ?? 'Service') === 'Service' && svcType && !store.get(svcType, b.namespace ?? namespace, b.name));
    store.updateStatus(rt, namespace, name, current => {
      const existing = (current.status?.parents ?? []) as Array<{ parentRef: unknown; controllerName: string; conditions?: any[] }>;
      const parents = ours.map(parentRef => {
        const previous = existing.find(p => p.controllerName === ALB_CONTROLLER_NAME && sameJson(p.parentRef, parentRef));
        const desired: DesiredCondition[] = [
          missing
            ? { type: 'ResolvedRefs', status: 'False', reason: 'BackendNotFound', message: `Backend ${missing.namespace ?? namespace}/${missing.name} not found` }
            : { type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs', message: '' },
          { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Route is Accepted' },
          { type: 'Programmed', status: 'True', reason: 'Programmed', message: UPDATED },
        ];
        return { parentRef, controllerName: ALB_CONTROLLER_NAME, conditions: mergeConditions(previous?.conditions, desired, current.metadata.generation, now) };
      });
      const next = { ...(current.status ?? {}), parents: [...parents, ...existing.filter(p => p.controllerName !== ALB_CONTROLLER_NAME)] };
      return sameJson(next, current.status) ? undefined : next;
    });
  }

  private reconcileGateway(namespace: string, name: string, now: string) {
    const { store, cluster } = this.ctx!;
    const gwType = resourceOf(store, 'gateway')!;
    const gateway = store.get(gwType, namespace, name);
    if (!this.isAlbGateway(gateway)) return;
    const a = gateway!.metadata.annotations ?? {};
    const albId = a['alb.networking.azure.io/alb-id'];
    const albName = a['alb.networking.azure.io/alb-name'];
    const albNamespace = a['alb.networking.azure.io/alb-namespace'];
    const associated = !!albId || (!!albName && !!albNamespace);
    const hostname = `${hashHex(`${cluster.name}/${albId ?? `${albNamespace}/${albName}`}/${key(namespace, name)}`, 16)}.fz${hashHex(albId ?? `${albNamespace}/${albName}`, 2)}.alb.azure.com`;
    const gatewayConditions: DesiredCondition[] = associated
      ? [
          { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Valid Gateway' },
          { type: 'Programmed', status: 'True', reason: 'Programmed', message: UPDATED },
        ]
      : [
          {
            type: 'Accepted',
            status: 'False',
            reason: 'Invalid',
            message: 'Gateway is missing the alb.networking.azure.io/alb-name and alb.networking.azure.io/alb-namespace annotations (or alb.networking.azure.io/alb-id) that associate it with an Application Gateway for Containers resource',
          },
          { type: 'Programmed', status: 'False', reason: 'Invalid', message: 'Gateway is not associated with an Application Gateway for Containers resource' },
        ];
    store.updateStatus(gwType, namespace, name, current => {
      const previousListeners = (current.status?.listeners ?? []) as Array<{ name: string; conditions?: any[] }>;
      const next = {
        ...(current.status ?? {}),
        addresses: associated ? [{ type: 'Hostname', value: hostname }] : [],
        conditions: mergeConditions(
          (current.status?.conditions ?? []).filter((c: { reason?: string }) => c.reason !== 'Pending'),
          gatewayConditions,
          current.metadata.generation,
          now,
        ),
        listeners: ((current.spec?.listeners ?? []) as Array<{ name: string; protocol: string }>).map(l => ({
          name: l.name,
          attachedRoutes: 0,
          supportedKinds: [{ group: 'gateway.networking.k8s.io', kind: l.protocol === 'TLS' ? 'TLSRoute' : 'HTTPRoute' }],
          conditions: mergeConditions(
            previousListeners.find(p => p.name === l.name)?.conditions,
            [
              { type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs', message: '' },
              { type: 'Accepted', status: associated ? 'True' : 'False', reason: associated ? 'Accepted' : 'Invalid', message: associated ? 'Listener is accepted' : 'Gateway is not associated' },
              { type: 'Programmed', status: associated ? 'True' : 'False', reason: associated ? 'Programmed' : 'Invalid', message: associated ? UPDATED : 'Gateway is not associated' },
            ],
            current.metadata.generation,
            now,
          ),
        })),
      };
      return sameJson(next, current.status) ? undefined : next;
    });
  }
}
