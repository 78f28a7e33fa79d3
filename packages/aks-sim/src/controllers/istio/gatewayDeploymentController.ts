import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import yaml from 'js-yaml';
import type { Controller, ControllerContext, StoreEvent } from '../../store/types';
import { ReconcileQueue } from '../common/reconcileQueue';
import { objectKey, resourceOf, specFingerprint, splitKey } from '../common/kinds';
import { automatedServiceName, gatewayServices } from './gatewayAddresses';
import { ALLOWED_FIELDS, deepMerge, filterAllowed, type CustomizationKey } from './customizations';
import { ISTIO_CONTROLLER_NAME, owningRevision } from './revisions';

export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';
export const CLASS_DEFAULTS_LABEL = 'gateway.istio.io/defaults-for-class';
export const CLASS_DEFAULTS_NAMESPACE = 'aks-istio-system';
const MIN_HPA_REPLICAS = 2;

/**
 * istiod's automated deployment for Gateways without a Hostname address: `<gw>-istio`
 * Deployment, LoadBalancer Service, HPA and PDB, customized by the class defaults ConfigMap and
 * the Gateway's parametersRef ConfigMap (AKS allow list only; Gateway-level wins).
 */
export class GatewayDeploymentController implements Controller {
  readonly name = 'istio-gateway-deployer';
  private ctx?: ControllerContext;
  private unsubscribe?: () => void;
  private readonly queue = new ReconcileQueue(
    () => this.ctx,
    queued => this.reconcile(queued),
  );
  private readonly fingerprints = new Map<string, string>();
  /** parametersRef ConfigMap key -> gateways using it */
  private readonly gatewaysByConfigMap = new Map<string, Set<string>>();

  start(context: ControllerContext): void {
    this.ctx = context;
    this.unsubscribe = context.store.subscribe(e => this.onEvent(e));
    const gw = resourceOf(context.store, 'gateway');
    if (gw) for (const g of context.store.list(gw)) this.queue.mark(objectKey(g));
  }

  stop(): void {
    this.unsubscribe?.();
    this.ctx = undefined;
  }

  private onEvent(e: StoreEvent) {
    const { resource: r, object: o } = e;
    const k = objectKey(o);
    if (r.group === 'gateway.networking.k8s.io' && r.kind === 'Gateway') {
      const fp = e.type === 'DELETED' ? '' : specFingerprint(o);
      if (this.fingerprints.get(k) !== fp) {
        this.fingerprints.set(k, fp);
        this.queue.mark(k);
      }
    } else if (r.group === '' && r.kind === 'ConfigMap') {
      if (o.metadata.labels?.[CLASS_DEFAULTS_LABEL] || this.gatewaysByConfigMap.has(k)) {
        const isDefaults = !!o.metadata.labels?.[CLASS_DEFAULTS_LABEL];
        const gw = resourceOf(this.ctx!.store, 'gateway');
        if (isDefaults && gw) for (const g of this.ctx!.store.list(gw)) this.queue.mark(objectKey(g));
        for (const g of this.gatewaysByConfigMap.get(k) ?? []) this.queue.mark(g);
      }
    } else if (r.group === '' && r.kind === 'Namespace') {
      const gw = resourceOf(this.ctx!.store, 'gateway');
      if (gw) for (const g of this.ctx!.store.list(gw, { namespace: o.metadata.name })) this.queue.mark(objectKey(g));
    } else if (e.type === 'DELETED' && o.metadata.labels?.[GATEWAY_NAME_LABEL] && o.metadata.labels?.['gateway.istio.io/managed']) {
      // Someone deleted a generated object: istiod puts it back.
      this.queue.mark(`${o.metadata.namespace}/${o.metadata.labels[GATEWAY_NAME_LABEL]}`);
    }
  }


  private reconcile(gatewayKey: string) {
    if (!this.ctx) return;
    const { store, cluster } = this.ctx;
    const { namespace, name } = splitKey(gatewayKey);
    const gwType = resourceOf(store, 'gateway');
    const gcType = resourceOf(store, 'gatewayClass');
    const nsType = resourceOf(store, 'namespace');
    const gateway = gwType ? store.get(gwType, namespace, name) : undefined;
    if (!gateway || !gcType) return; // owned objects go with the Gateway (ownerReferences)
    const cls = store.get(gcType, undefined, gateway.spec?.gatewayClassName);
    const nsLabels = nsType ? store.get(nsType, undefined, namespace)?.metadata.labels : undefined;
    const revision = owningRevision(gateway, nsLabels, cluster.istioRevisions);
    const automated = !gatewayServices(gateway, 'cluster.local').manual;
    if (cls?.spec?.controllerName !== ISTIO_CONTROLLER_NAME || !revision || !automated) {
      this.removeGenerated(namespace, name);
      return;
    }
    const overlays = this.customizations(gateway);
    for (const object of buildGatewayResources(gateway, revision, overlays.values)) {
      store.apply(object, { fieldManager: 'istiod', force: true });
    }
    if (overlays.warnings.length) this.warn(gateway, overlays.warnings.join('; '));
  }

  private removeGenerated(namespace: string, name: string) {
    const { store } = this.ctx!;
    for (const kind of ['deployment', 'service', 'hpa', 'pdb'] as const) {
      const t = resourceOf(store, kind);
      const existing = t ? store.get(t, namespace, automatedServiceName(name)) : undefined;
      if (t && existing?.metadata.labels?.['gateway.istio.io/managed']) store.delete(t, namespace, existing.metadata.name);
    }
  }

  /** Class defaults, then the Gateway's own ConfigMap (which wins), filtered by the allow list. */
  private customizations(gateway: KubeObject): { values: Partial<Record<CustomizationKey, any>>; warnings: string[] } {
    const { store } = this.ctx!;
    const cmType = resourceOf(store, 'configMap');
    const values: Partial<Record<CustomizationKey, any>> = {};
    const warnings: string[] = [];
    if (!cmType) return { values, warnings };
    const className = gateway.spec?.gatewayClassName;
    const defaults = store
      .list(cmType, { namespace: CLASS_DEFAULTS_NAMESPACE })
      .find(cm => cm.metadata.labels?.[CLASS_DEFAULTS_LABEL] === className);
    const ref = gateway.spec?.infrastructure?.parametersRef as { group?: string; kind?: string; name: string } | undefined;
    const gatewayKey = objectKey(gateway);
    for (const set of this.gatewaysByConfigMap.values()) set.delete(gatewayKey);
    let own: KubeObject | undefined;
    if (ref && (ref.group ?? '') === '' && ref.kind === 'ConfigMap') {
      const cmKey = `${gateway.metadata.namespace}/${ref.name}`;
      if (!this.gatewaysByConfigMap.has(cmKey)) this.gatewaysByConfigMap.set(cmKey, new Set());
      this.gatewaysByConfigMap.get(cmKey)!.add(gatewayKey);
      own = store.get(cmType, gateway.metadata.namespace, ref.name);
    }
    for (const cm of [defaults, own]) {
      const data = ((cm as { data?: Record<string, string> } | undefined)?.data ?? {}) as Record<string, string>;
      for (const field of Object.keys(ALLOWED_FIELDS) as CustomizationKey[]) {
        if (!data[field]) continue;
        let parsed: any;
        try {
          parsed = yaml.load(data[field]);
        } catch (error) {
          warnings.push(`ConfigMap ${cm!.metadata.name} key ${field} is not valid YAML`);
          continue;
        }
        const { kept, dropped } = filterAllowed(parsed ?? {}, ALLOWED_FIELDS[field]);
        if (dropped.length) warnings.push(`ConfigMap ${cm!.metadata.name} key ${field}: fields not in the AKS allow list ignored: ${dropped.join(', ')}`);
        if (field === 'horizontalPodAutoscaler' && typeof kept.spec?.minReplicas === 'number' && kept.spec.minReplicas < MIN_HPA_REPLICAS) {
          warnings.push(
            `ConfigMap ${cm!.metadata.name}: horizontalPodAutoscaler spec.minReplicas ${kept.spec.minReplicas} is below the AKS minimum of ${MIN_HPA_REPLICAS}; not applied`,
          );
          delete kept.spec.minReplicas;
        }
        values[field] = deepMerge(values[field] ?? {}, kept);
      }
    }
    return { values, warnings };
  }

  private warn(gateway: KubeObject, message: string) {
    const { store } = this.ctx!;
    const eventType = resourceOf(store, 'event');
    if (!eventType) return;
    store.apply(
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `${gateway.metadata.name}.customization`, namespace: gateway.metadata.namespace },
        involvedObject: {
          apiVersion: gateway.apiVersion,
          kind: 'Gateway',
          name: gateway.metadata.name,
          namespace: gateway.metadata.namespace,
          uid: gateway.metadata.uid,
        },
        type: 'Warning',
        reason: 'InvalidCustomization',
        message,
        source: { component: 'istiod' },
      } as KubeObject,
      { fieldManager: 'istiod', force: true },
    );
  }
}

const DEFAULT_HPA = { spec: { minReplicas: 2, maxReplicas: 5 } };
const DEFAULT_PDB = { spec: { minAvailable: 1 } };

/** The four objects istiod generates for an automated-deployment Gateway. */
export function buildGatewayResources(
  gateway: KubeObject,
  revision: string,
  overlays: Partial<Record<CustomizationKey, any>>,
): KubeObject[] {
  const name = automatedServiceName(gateway.metadata.name);
  const namespace = gateway.metadata.namespace;
  const infra = (gateway.spec?.infrastructure ?? {}) as { labels?: Record<string, string>; annotations?: Record<string, string> };
  const labels = {
    ...(infra.labels ?? {}),
    [GATEWAY_NAME_LABEL]: gateway.metadata.name,
    'gateway.istio.io/managed': 'istio.io-gateway-controller',
    'istio.io/rev': revision,
  };
  const ownerReferences = [
    {
      apiVersion: gateway.apiVersion,
      kind: 'Gateway',
      name: gateway.metadata.name,
      uid: gateway.metadata.uid ?? '',
      controller: true,
    },
  ];
  const meta = (extra: Record<string, string> = {}) => ({
    name,
    namespace,
    labels: { ...labels },
    annotations: { ...(infra.annotations ?? {}), ...extra },
    ownerReferences,
  });
  const selector = { matchLabels: { [GATEWAY_NAME_LABEL]: gateway.metadata.name } };
  const listeners = (gateway.spec?.listeners ?? []) as Array<{ name: string; port: number; protocol: string }>;
  const ports = [{ name: 'status-port', port: 15021, protocol: 'TCP', targetPort: 15021 }];
  for (const l of listeners) {
    if (!ports.some(p => p.port === l.port)) {
      ports.push({ name: `${l.protocol.toLowerCase()}-${l.port}`.slice(0, 15), port: l.port, protocol: 'TCP', targetPort: l.port });
    }
  }
  const hpa = deepMerge(DEFAULT_HPA, overlays.horizontalPodAutoscaler ?? {});
  const pdb = deepMerge(DEFAULT_PDB, overlays.podDisruptionBudget ?? {});
  const minReplicas = hpa.spec.minReplicas as number;
  const asmVersion = revision.replace(/^asm-/, '').replace(/-/g, '.');

  const deployment = deepMerge(
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(),
      spec: {
        replicas: minReplicas,
        selector,
        template: {
          metadata: {
            labels: { ...labels, 'sidecar.istio.io/inject': 'false', 'service.istio.io/canonical-name': name },
            annotations: { 'istio.io/rev': revision, 'prometheus.io/scrape': 'true' },
          },
          spec: {
            serviceAccountName: name,
            containers: [
              {
                name: 'istio-proxy',
                image: `mcr.microsoft.com/oss/istio/proxyv2:${asmVersion}`,
                ports: [{ containerPort: 15021, name: 'status-port', protocol: 'TCP' }],
                resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2', memory: '1Gi' } },
              },
            ],
          },
        },
      },
    },
    overlays.deployment ?? {},
  );
  (deployment as KubeObject).status = undefined;
  const service = deepMerge(
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(),
      spec: { type: 'LoadBalancer', selector: selector.matchLabels, ports },
    },
    overlays.service ?? {},
  );
  return [
    deployment as KubeObject,
    service as KubeObject,
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: deepMerge(meta(), hpa.metadata ?? {}) as KubeObject['metadata'],
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
        ...hpa.spec,
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: deepMerge(meta(), pdb.metadata ?? {}) as KubeObject['metadata'],
      spec: { selector, ...pdb.spec },
    },
  ];
}
