import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import type { Controller, ControllerContext, ObjectStore, ResourceType, StoreEvent } from '../../store/types';
import { mergeConditions, nowIso, sameJson } from '../common/conditions';
import { KINDS, key, objectKey, resourceOf, specFingerprint, splitKey } from '../common/kinds';
import { referenceAllowed } from '../common/referenceGrants';
import { backendIndexKey, backendProblem, routeBackendRefs } from './backends';
import { gatewayLevelStatus, gatewayServices, type ServiceLookup } from './gatewayAddresses';
import { evaluateListener, frontendCaRefs, GATEWAY_API_GROUP, type EvaluatedListener, type Listener } from './listeners';
import { ISTIO_CONTROLLER_NAME, owningRevision } from './revisions';
import { bindRoute, type ParentGateway, type ParentRef } from './routeBinding';

export interface IstioGatewayControllerOptions {
  /** Cluster DNS suffix in Service hostnames (`cluster.local` on AKS). */
  domainSuffix?: string;
  /** Create the `istio` GatewayClass at start, as the add-on does. */
  createGatewayClass?: boolean;
}

/**
 * The status half of istiod's Gateway API controller: GatewayClass, Gateway (+ listeners) and route
 * parent statuses, with Istio's reasons and messages. Work is incremental: events mark the affected
 * Gateways and routes dirty (through reverse indexes) and one scheduled flush reconciles them.
 */
export class IstioGatewayController implements Controller {
  readonly name = 'istio-gateway-controller';
  private ctx?: ControllerContext;
  private unsubscribe?: () => void;
  private readonly domainSuffix: string;

  private readonly fingerprints = new Map<string, string>();
  private dirtyGateways = new Set<string>();
  private dirtyRoutes = new Set<string>(); // `${kind}|${ns}/${name}`
  private dirtyClasses = false;
  private flushScheduled = false;

  /** gateway key -> route refs naming it as a parent */
  private readonly routesByGateway = new Map<string, Set<string>>();
  private readonly routeParents = new Map<string, string[]>();
  /** backend index key (svc:ns/name, host:h) -> route refs */
  private readonly routesByBackend = new Map<string, Set<string>>();
  private readonly routeBackends = new Map<string, string[]>();
  /** dependency key (secret:ns/name, svc:ns/name, host:h, cm:ns/name) -> gateway keys */
  private readonly gatewaysByDependency = new Map<string, Set<string>>();
  private readonly gatewayDependencies = new Map<string, string[]>();
  /** gateway key -> listener name -> routes bound */
  private readonly attachments = new Map<string, Map<string, Set<string>>>();
  private readonly routeAttachments = new Map<string, Array<[string, string]>>();

  /** Per-flush cache of evaluated parent gateways. */
  private gatewayViews = new Map<string, ParentGateway | null>();

  constructor(private readonly options: IstioGatewayControllerOptions = {}) {
    this.domainSuffix = options.domainSuffix ?? 'cluster.local';
  }

  start(context: ControllerContext): void {
    this.ctx = context;
    this.unsubscribe = context.store.subscribe(e => this.onEvent(e));
    if (this.options.createGatewayClass !== false) this.ensureGatewayClass();
    // Everything already present is new to us.
    this.dirtyClasses = true;
    const gw = this.type('gateway');
    if (gw) for (const g of context.store.list(gw)) this.markGateway(objectKey(g));
    for (const rt of context.store.resourceTypes()) {
      if (rt.group === GATEWAY_API_GROUP && rt.kind.endsWith('Route')) for (const r of context.store.list(rt)) this.noteRoute(rt.kind, r);
    }
    this.scheduleFlush();
  }

  stop(): void {
    this.unsubscribe?.();
    this.ctx = undefined;
  }

  private get store(): ObjectStore {
    if (!this.ctx) throw new Error('controller not started');
    return this.ctx.store;
  }

  private type(name: Parameters<typeof resourceOf>[1]): ResourceType | undefined {
    return resourceOf(this.store, name);
  }

  private ensureGatewayClass() {
    const gc = this.type('gatewayClass');
    if (!gc || this.store.get(gc, undefined, 'istio')) return;
    try {
      this.store.create(
        {
          apiVersion: `${gc.group}/${gc.version}`,
          kind: 'GatewayClass',
          metadata: { name: 'istio' },
          spec: { controllerName: ISTIO_CONTROLLER_NAME, description: 'The default Istio GatewayClass' },
        },
        { fieldManager: 'istiod' },
      );
    } catch {
      // Created concurrently by someone else: fine.
    }
  }

  // ---- events ---------------------------------------------------------------------------------

  private onEvent(e: StoreEvent) {
    const { resource: r, object: o } = e;
    const k = objectKey(o);
    if (r.group === GATEWAY_API_GROUP) {
      if (r.kind === 'GatewayClass') {
        if (this.changed(`gc|${k}`, o, e)) {
          this.dirtyClasses = true;
          const gw = this.type('gateway');
          if (gw) for (const g of this.store.list(gw)) if (g.spec?.gatewayClassName === o.metadata.name) this.markGateway(objectKey(g));
        }
      } else if (r.kind === 'Gateway') {
        if (this.changed(`gw|${k}`, o, e)) {
          this.markGateway(k);
          for (const route of this.routesByGateway.get(k) ?? []) this.dirtyRoutes.add(route);
        }
      } else if (r.kind === 'ReferenceGrant') {
        if (this.changed(`rg|${k}`, o, e)) this.onNamespaceScopedChange(o.metadata.namespace ?? '');
      } else if (r.kind.endsWith('Route')) {
        if (this.changed(`${r.kind}|${k}`, o, e)) {
          if (e.type === 'DELETED') this.forgetRoute(`${r.kind}|${k}`);
          else this.noteRoute(r.kind, o);
        }
      }
    } else if (r.group === '' && r.kind === 'Service') {
      // Status changes matter too (the load balancer IP), so no fingerprint check here.
      this.markDependents(`svc:${k}`, e.type !== 'MODIFIED');
    } else if (r.group === '' && r.kind === 'Secret') {
      this.markDependents(`secret:${k}`, false);
    } else if (r.group === '' && r.kind === 'Namespace') {
      if (this.changed(`ns|${k}`, o, e)) this.onNamespaceScopedChange(o.metadata.name);
    } else if (r.group === 'networking.istio.io' && r.kind === 'ServiceEntry') {
      if (this.changed(`se|${k}`, o, e)) {
        for (const host of (o.spec?.hosts ?? []) as string[]) this.markDependents(`host:${host}`, true);
      }
    } else if (r.group === 'inference.networking.k8s.io') {
      this.markDependents(`svc:${k}`, true);
    }
    this.scheduleFlush();
  }

  /** True when the object's spec/labels/annotations changed (status-only writes are ignored). */
  private changed(fpKey: string, o: KubeObject, e: StoreEvent): boolean {
    if (e.type === 'DELETED') {
      this.fingerprints.delete(fpKey);
      return true;
    }
    const fp = specFingerprint(o);
    if (this.fingerprints.get(fpKey) === fp) return false;
    this.fingerprints.set(fpKey, fp);
    return true;
  }

  private markDependents(depKey: string, routesToo: boolean) {
    for (const g of this.gatewaysByDependency.get(depKey) ?? []) this.markGateway(g);
    if (routesToo) for (const route of this.routesByBackend.get(depKey) ?? []) this.dirtyRoutes.add(route);
  }

  /** Namespace labels or ReferenceGrants changed: routes and gateways in or pointing into it. */
  private onNamespaceScopedChange(namespace: string) {
    const gw = this.type('gateway');
    if (gw) for (const g of this.store.list(gw, { namespace })) this.markGateway(objectKey(g));
    for (const routes of [this.routeParents, this.routeBackends]) {
      for (const routeRef of routes.keys()) {
        const { namespace: ns } = splitKey(routeRef.split('|')[1]);
        if (ns === namespace) this.dirtyRoutes.add(routeRef);
      }
    }
    for (const [depKey, routes] of this.routesByBackend) {
      if (depKey.startsWith(`svc:${namespace}/`)) routes.forEach(route => this.dirtyRoutes.add(route));
    }
    for (const [depKey, gws] of this.gatewaysByDependency) {
      if (depKey.startsWith(`secret:${namespace}/`)) gws.forEach(g => this.markGateway(g));
    }
  }

  private markGateway(gatewayKey: string) {
    this.dirtyGateways.add(gatewayKey);
  }

  private noteRoute(kind: string, route: KubeObject) {
    const routeRef = `${kind}|${objectKey(route)}`;
    const routeNs = route.metadata.namespace ?? 'default';
    const parents = ((route.spec?.parentRefs ?? []) as ParentRef[]).map(p => key(p.namespace ?? routeNs, p.name));
    reindex(this.routesByGateway, this.routeParents, routeRef, parents);
    const backends = routeBackendRefs(route)
      .map(b => backendIndexKey(b, routeNs) ?? (b.kind === 'InferencePool' ? `svc:${b.namespace ?? routeNs}/${b.name}` : undefined))
      .filter((b): b is string => !!b);
    reindex(this.routesByBackend, this.routeBackends, routeRef, backends);
    this.dirtyRoutes.add(routeRef);
  }

  private forgetRoute(routeRef: string) {
    reindex(this.routesByGateway, this.routeParents, routeRef, []);
    reindex(this.routesByBackend, this.routeBackends, routeRef, []);
    this.setRouteAttachments(routeRef, []);
  }

  private scheduleFlush() {
    if (this.flushScheduled || !this.ctx) return;
    if (!this.dirtyClasses && this.dirtyGateways.size === 0 && this.dirtyRoutes.size === 0) return;
    this.flushScheduled = true;
    this.ctx.schedule(() => this.flush());
  }

  // ---- reconcile ------------------------------------------------------------------------------

  private flush() {
    this.flushScheduled = false;
    if (!this.ctx) return;
    this.gatewayViews = new Map();
    if (this.dirtyClasses) {
      this.dirtyClasses = false;
      this.reconcileClasses();
    }
    const routes = this.dirtyRoutes;
    this.dirtyRoutes = new Set();
    for (const routeRef of routes) this.reconcileRoute(routeRef);
    const gateways = this.dirtyGateways;
    this.dirtyGateways = new Set();
    for (const g of gateways) this.reconcileGateway(g);
    this.scheduleFlush();
  }

  private reconcileClasses() {
    const gc = this.type('gatewayClass');
    if (!gc) return;
    for (const cls of this.store.list(gc)) {
      if (cls.spec?.controllerName !== ISTIO_CONTROLLER_NAME) continue;
      this.writeStatus(gc, cls, current => ({
        ...(current.status ?? {}),
        conditions: mergeConditions(
          current.status?.conditions,
          [{ type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Handled by Istio controller' }],
          current.metadata.generation,
          nowIso(),
        ),
      }));
    }
  }

  /** Our view of a Gateway if Istio (an installed revision) owns it. Cached for one flush. */
  private ownedGateway(namespace: string, name: string): ParentGateway | undefined {
    const gatewayKey = key(namespace, name);
    const cached = this.gatewayViews.get(gatewayKey);
    if (cached !== undefined) return cached ?? undefined;
    const view = this.computeGatewayView(namespace, name);
    this.gatewayViews.set(gatewayKey, view ?? null);
    return view;
  }

  private computeGatewayView(namespace: string, name: string): (ParentGateway & { object: KubeObject }) | undefined {
    const gwType = this.type('gateway');
    const gcType = this.type('gatewayClass');
    if (!gwType || !gcType) return undefined;
    const gateway = this.store.get(gwType, namespace, name);
    if (!gateway) return undefined;
    const cls = this.store.get(gcType, undefined, gateway.spec?.gatewayClassName);
    if (cls?.spec?.controllerName !== ISTIO_CONTROLLER_NAME) return undefined;
    if (!owningRevision(gateway, this.namespaceLabels(namespace), this.ctx!.cluster.istioRevisions)) return undefined;
    const secretType = this.type('secret');
    const configMapType = this.type('configMap');
    const listeners = ((gateway.spec?.listeners ?? []) as Listener[]).map(l =>
      evaluateListener(l, namespace, {
        getSecret: (ns, n) => (secretType ? this.store.get(secretType, ns, n) : undefined),
        getConfigMap: (ns, n) => (configMapType ? this.store.get(configMapType, ns, n) : undefined),
        refAllowed: (kind, ns, n) =>
          referenceAllowed(
            this.list('referenceGrant', ns),
            { group: GATEWAY_API_GROUP, kind: 'Gateway', namespace },
            { group: '', kind, name: n, namespace: ns },
          ),
        caCertificateRefs: frontendCaRefs(gateway.spec, l.port),
      }),
    );
    return { key: key(namespace, name), namespace, listeners, object: gateway };
  }

  private list(name: Parameters<typeof resourceOf>[1], namespace?: string): KubeObject[] {
    const t = this.type(name);
    return t ? this.store.list(t, namespace ? { namespace } : undefined) : [];
  }

  private namespaceLabels(namespace: string): Record<string, string> | undefined {
    const t = this.type('namespace');
    const ns = t ? this.store.get(t, undefined, namespace) : undefined;
    return ns ? { 'kubernetes.io/metadata.name': namespace, ...(ns.metadata.labels ?? {}) } : { 'kubernetes.io/metadata.name': namespace };
  }

  private readonly serviceLookup: ServiceLookup = {
    service: (ns, name) => {
      const t = this.type('service');
      return t ? this.store.get(t, ns, name) : undefined;
    },
    serviceEntryPorts: (ns, host) => {
      for (const se of this.list('serviceEntry', ns)) {
        if (((se.spec?.hosts ?? []) as string[]).includes(host)) {
          return ((se.spec?.ports ?? []) as Array<{ number: number }>).map(p => p.number);
        }
      }
      return undefined;
    },
  };

  private reconcileRoute(routeRef: string) {
    const [kind, k] = routeRef.split('|');
    const { namespace, name } = splitKey(k);
    const rt = this.store.resourceTypes().find(t => t.group === GATEWAY_API_GROUP && t.kind === kind);
    const route = rt ? this.store.get(rt, namespace, name) : undefined;
    if (!rt || !route) {
      this.forgetRoute(routeRef);
      return;
    }
    const results = bindRoute(route, {
      ownedGateway: (ns, n) => this.ownedGateway(ns, n),
      namespaceLabels: ns => this.namespaceLabels(ns),
      backendProblem: r =>
        backendProblem(r, {
          service: (ns, n) => this.serviceLookup.service(ns, n),
          serviceEntryHostExists: host => this.list('serviceEntry').some(se => ((se.spec?.hosts ?? []) as string[]).includes(host)),
          object: (group, kindName, ns, n) => {
            const t = this.store.resourceTypes().find(x => x.group === group && x.kind === kindName);
            return t ? this.store.get(t, ns, n) : undefined;
          },
          referenceGrants: () => this.list('referenceGrant'),
          domainSuffix: this.domainSuffix,
        }),
    });
    this.setRouteAttachments(
      routeRef,
      results.flatMap(r => r.boundListeners.map(l => [r.gatewayKey, l] as [string, string])),
    );
    const now = nowIso();
    this.writeStatus(rt, route, current => {
      const existing = (current.status?.parents ?? []) as Array<{ parentRef: ParentRef; controllerName: string; conditions?: any[] }>;
      const others = existing.filter(p => p.controllerName !== ISTIO_CONTROLLER_NAME);
      const ours = results.map(result => {
        const previous = existing.find(p => p.controllerName === ISTIO_CONTROLLER_NAME && sameJson(p.parentRef, result.parentRef));
        return {
          parentRef: result.parentRef,
          controllerName: ISTIO_CONTROLLER_NAME,
          conditions: mergeConditions(previous?.conditions, result.conditions, current.metadata.generation, now),
        };
      });
      if (ours.length === 0 && !existing.some(p => p.controllerName === ISTIO_CONTROLLER_NAME)) return undefined;
      return { ...(current.status ?? {}), parents: [...ours, ...others] };
    });
  }

  private setRouteAttachments(routeRef: string, next: Array<[string, string]>) {
    const previous = this.routeAttachments.get(routeRef) ?? [];
    if (sameJson(previous, next)) return;
    for (const [g, l] of previous) {
      this.attachments.get(g)?.get(l)?.delete(routeRef);
      this.markGateway(g);
    }
    for (const [g, l] of next) {
      let byListener = this.attachments.get(g);
      if (!byListener) this.attachments.set(g, (byListener = new Map()));
      let routes = byListener.get(l);
      if (!routes) byListener.set(l, (routes = new Set()));
      routes.add(routeRef);
      this.markGateway(g);
    }
    if (next.length) this.routeAttachments.set(routeRef, next);
    else this.routeAttachments.delete(routeRef);
  }

  private reconcileGateway(gatewayKey: string) {
    const { namespace, name } = splitKey(gatewayKey);
    const gwType = this.type('gateway');
    const view = this.computeGatewayView(namespace, name);
    if (!gwType || !view) {
      reindex(this.gatewaysByDependency, this.gatewayDependencies, gatewayKey, []);
      return;
    }
    const gateway = view.object;
    const services = gatewayServices(gateway, this.domainSuffix);
    reindex(this.gatewaysByDependency, this.gatewayDependencies, gatewayKey, [
      ...services.hostnames.map(h => this.hostnameDependency(h)),
      ...view.listeners.flatMap(l =>
        (l.listener.tls?.certificateRefs ?? []).map(ref => `secret:${ref.namespace ?? namespace}/${ref.name}`),
      ),
    ]);
    const ports = view.listeners.filter(l => l.accepted).map(l => l.listener.port);
    const level = gatewayLevelStatus(gateway, services, ports, this.domainSuffix, this.serviceLookup);
    const attached = this.attachments.get(gatewayKey);
    const gatewayAccepted = level.conditions.find(c => c.type === 'Accepted')?.status === 'True';
    const now = nowIso();
    this.writeStatus(gwType, gateway, current => {
      const previousListeners = (current.status?.listeners ?? []) as Array<{ name: string; conditions?: any[] }>;
      return {
        ...(current.status ?? {}),
        addresses: level.addresses,
        conditions: mergeConditions(
          // Drop the CRD's placeholder "Waiting for controller" conditions on first write.
          (current.status?.conditions ?? []).filter((c: { reason?: string }) => c.reason !== 'Pending'),
          level.conditions,
          current.metadata.generation,
          now,
        ),
        // Istio reports no listener status for a Gateway it did not accept.
        listeners: (gatewayAccepted ? view.listeners : []).map((l: EvaluatedListener) => ({
          name: l.listener.name,
          supportedKinds: l.supportedKinds,
          attachedRoutes: attached?.get(l.listener.name)?.size ?? 0,
          conditions: mergeConditions(
            previousListeners.find(p => p.name === l.listener.name)?.conditions,
            l.conditions,
            current.metadata.generation,
            now,
          ),
        })),
      };
    });
  }

  private hostnameDependency(host: string): string {
    const suffix = `.svc.${this.domainSuffix}`;
    if (!host.endsWith(suffix)) return `host:${host}`;
    const [svc, ns] = host.slice(0, -suffix.length).split('.');
    return `svc:${ns}/${svc}`;
  }

  /** Writes status only when it changed, so unchanged reconciles cause no watch events. */
  private writeStatus(type: ResourceType, obj: KubeObject, build: (current: KubeObject) => unknown | undefined) {
    this.store.updateStatus(type, obj.metadata.namespace, obj.metadata.name, current => {
      const next = build(current);
      return next === undefined || sameJson(stripTimes(next), stripTimes(current.status)) ? undefined : next;
    });
  }
}

function stripTimes(status: unknown): string {
  return JSON.stringify(status ?? {}).replace(/"lastTransitionTime":"[^"]*"/g, '');
}

function reindex(index: Map<string, Set<string>>, forward: Map<string, string[]>, item: string, keys: string[]) {
  for (const old of forward.get(item) ?? []) index.get(old)?.delete(item);
  for (const k of keys) {
    let set = index.get(k);
    if (!set) index.set(k, (set = new Set()));
    set.add(item);
  }
  if (keys.length) forward.set(item, keys);
  else forward.delete(item);
}

export { KINDS };
