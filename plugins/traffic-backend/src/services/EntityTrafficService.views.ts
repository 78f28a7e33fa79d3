import {
  findGatewayWorkload,
  interpretCertificate,
  interpretEgressGateways,
  interpretEgressHosts,
  interpretGateway,
  interpretOutboundPolicy,
  interpretRoute,
  intersectHostnames,
  certificateRefHints,
  normalizeParentRef,
  secretProviderClassFor,
  compareRevisions,
  type CertificateThresholds,
  type CertificateView,
  type EgressView,
  type KubeObject,
  type ParsedCertificate,
} from '@aks-traffic/backstage-plugin-traffic-common';
import type { ClusterCache, ClusterIndex } from './cache';
import type { EntityObjects } from './EntityTrafficService.matching';

const REVISION_LABEL = 'istio.io/rev';

const key = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

interface Listener {
  name: string;
  port?: number;
  protocol?: string;
  hostname?: string;
  tls?: { mode?: string; certificateRefs?: Array<Record<string, string>> };
}

const listenersOf = (gateway: KubeObject): Listener[] =>
  (gateway.spec?.listeners as Listener[] | undefined) ?? [];

/** Parent Gateways of the routes (that exist in the cache). */
export function parentGateways(index: ClusterIndex, routes: KubeObject[]): KubeObject[] {
  const gateways = new Map<string, KubeObject>();
  for (const route of routes) {
    for (const value of (route.spec?.parentRefs as unknown[]) ?? []) {
      const ref = normalizeParentRef(value, route.metadata.namespace ?? 'default');
      if (ref.kind !== 'Gateway') continue;
      const gateway = index.source('Gateway').get(ref.namespace, ref.name);
      if (gateway) gateways.set(key(gateway), gateway);
    }
  }
  return [...gateways.values()];
}

/** Listeners of `gateway` a route's parentRefs select (sectionName / port), by name. */
function selectedListeners(route: KubeObject, gateway: KubeObject): Listener[] {
  const selected: Listener[] = [];
  for (const value of (route.spec?.parentRefs as unknown[]) ?? []) {
    const ref = normalizeParentRef(value, route.metadata.namespace ?? 'default');
    if (
      ref.kind !== 'Gateway' ||
      ref.name !== gateway.metadata.name ||
      ref.namespace !== gateway.metadata.namespace
    ) {
      continue;
    }
    for (const listener of listenersOf(gateway)) {
      if (ref.sectionName && ref.sectionName !== listener.name) continue;
      if (ref.port !== undefined && ref.port !== listener.port) continue;
      if (!selected.includes(listener)) selected.push(listener);
    }
  }
  return selected;
}

/** The Deployment/Service/HPA/PDB candidates of a gateway, from the indexes (no scan). */
function workloadCandidates(index: ClusterIndex, gateway: KubeObject): KubeObject[] {
  const { name, namespace } = gateway.metadata;
  const candidates: KubeObject[] = [];
  for (const source of [
    'GatewayDeployment',
    'Service',
    'HorizontalPodAutoscaler',
    'PodDisruptionBudget',
  ] as const) {
    const store = index.source(source);
    const generated = store.get(namespace, `${name}-istio`);
    if (generated) candidates.push(generated);
    candidates.push(
      ...store.lookup('gateway-name', name).filter(o => o.metadata.namespace === namespace),
    );
  }
  return candidates;
}

function installedRevisions(cache: ClusterCache): string[] {
  return cache.istioRevisions();
}

export function gatewayViews(cache: ClusterCache, gateways: KubeObject[]) {
  const { index } = cache;
  const gatewayClasses = index.source('GatewayClass').all();
  const revisions = installedRevisions(cache);
  return gateways.map(gateway =>
    interpretGateway({
      gateway,
      certificateHints: certificateRefHints({
        gateways: [gateway],
        secrets: certificateSecretsOf(index, gateway),
        secretProviderClasses: index
          .source('SecretProviderClass')
          .inNamespace(gateway.metadata.namespace ?? ''),
      }),
      workload: findGatewayWorkload(gateway, workloadCandidates(index, gateway)),
      gatewayClasses,
      namespaceLabels:
        index.source('Namespace').get(undefined, gateway.metadata.namespace ?? '')
          ?.metadata.labels ?? {},
      installedRevisions: revisions,
    }),
  );
}

/** The Secrets a gateway's listeners reference (metadata records only; no data is cached). */
function certificateSecretsOf(index: ClusterIndex, gateway: KubeObject): KubeObject[] {
  const secrets: KubeObject[] = [];
  for (const listener of listenersOf(gateway)) {
    for (const ref of listener.tls?.certificateRefs ?? []) {
      const secret = index
        .source('Secret')
        .get(ref.namespace ?? gateway.metadata.namespace, ref.name);
      if (secret) secrets.push(secret);
    }
  }
  return secrets;
}

export function routeViews(index: ClusterIndex, routes: KubeObject[], gateways: KubeObject[]) {
  const gatewayClasses = index.source('GatewayClass').all();
  return routes.map(route => interpretRoute({ route, gateways, gatewayClasses }));
}

/**
 * One view per certificate of each TLS-terminating listener the entity's routes attach to (or of
 * gateways the entity owns), with the hostnames of the entity's routes on that listener.
 */
export function certificateViews(options: {
  index: ClusterIndex;
  gateways: KubeObject[];
  ownGateways: KubeObject[];
  routes: KubeObject[];
  now: Date;
  thresholds: CertificateThresholds;
}): CertificateView[] {
  const { index, routes, now, thresholds } = options;
  const owned = new Set(options.ownGateways.map(key));
  const views: CertificateView[] = [];
  for (const gateway of options.gateways) {
    const namespace = gateway.metadata.namespace ?? 'default';
    for (const listener of listenersOf(gateway)) {
      const refs = listener.tls?.certificateRefs ?? [];
      if (refs.length === 0 || (listener.tls?.mode ?? 'Terminate') !== 'Terminate') continue;
      const attached = routes.filter(r => selectedListeners(r, gateway).includes(listener));
      if (attached.length === 0 && !owned.has(key(gateway))) continue;
      const routeHostnames = attached.flatMap(route =>
        ((route.spec?.hostnames as string[] | undefined) ?? [])
          .map(h => intersectHostnames(listener.hostname, h))
          .filter((h): h is string => !!h),
      );
      for (const ref of refs) {
        if ((ref.kind ?? 'Secret') !== 'Secret' || (ref.group ?? '') !== '') continue;
        const secretNamespace = ref.namespace ?? namespace;
        const secret = index.source('Secret').get(secretNamespace, ref.name);
        const spc = secretProviderClassFor(
          ref.name,
          secretNamespace,
          index.source('SecretProviderClass').inNamespace(secretNamespace),
        );
        views.push(
          interpretCertificate({
            gatewayRef: { kind: 'Gateway', name: gateway.metadata.name, namespace },
            listenerName: listener.name,
            ...(listener.hostname ? { listenerHostname: listener.hostname } : {}),
            routeHostnames,
            secretRef: { name: ref.name, namespace: secretNamespace },
            ...(secret
              ? { secret: { apiVersion: 'v1', kind: 'Secret', metadata: secret.metadata } }
              : {}),
            ...(spc ? { secretProviderClass: spc } : {}),
            ...(secret?.certificate
              ? { parsed: secret.certificate as ParsedCertificate }
              : {}),
            ...(typeof secret?.certificateError === 'string'
              ? { parseError: secret.certificateError }
              : {}),
            now,
            thresholds,
          }),
        );
      }
    }
  }
  return views;
}

/** ServiceEntries whose `exportTo` makes them visible in `namespace` (default: everywhere). */
function visibleIn(serviceEntry: KubeObject, namespace: string): boolean {
  const exportTo = (serviceEntry.spec?.exportTo as string[] | undefined) ?? [];
  return (
    exportTo.length === 0 ||
    exportTo.includes('*') ||
    exportTo.includes(namespace) ||
    (exportTo.includes('.') && serviceEntry.metadata.namespace === namespace)
  );
}

/** Egress of the entity's (first) namespace: hosts, the egress gateways they use, the policy in force. */
export function egressView(cache: ClusterCache, objects: EntityObjects): EgressView {
  const { index } = cache;
  const namespace = objects.namespaces[0] ?? '';
  const namespaceLabels =
    index.source('Namespace').get(undefined, namespace)?.metadata.labels ?? {};
  const revisions = [...installedRevisions(cache)].sort(compareRevisions);
  const revision = namespaceLabels[REVISION_LABEL] ?? revisions[revisions.length - 1];
  const outboundPolicy = interpretOutboundPolicy({
    namespace,
    configMaps: index.source('MeshConfigMap').all(),
    sidecars: index.source('Sidecar').all(),
    ...(revision ? { revision } : {}),
  });
  if (!namespace) {
    return { gateways: [], hosts: [], outboundPolicy };
  }
  const hosts = interpretEgressHosts({
    serviceEntries: index
      .source('ServiceEntry')
      .all()
      .filter(se => visibleIn(se, namespace)),
    istioGateways: index.source('IstioGateway').all(),
    virtualServices: index.source('VirtualService').all(),
    destinationRules: index.source('DestinationRule').all(),
  });
  const gateways = interpretEgressGateways({
    deployments: index.source('IstioDeployment').all(),
    staticGatewayConfigurations: index.source('StaticGatewayConfiguration').all(),
  });
  const referenced = gateways.filter(g =>
    hosts.some(h => {
      const service = h.via?.egressService;
      return (
        !!service &&
        (service === g.name ||
          service.startsWith(`${g.name}.${g.namespace}.`) ||
          service === `${g.name}.${g.namespace}`)
      );
    }),
  );
  return {
    gateways: referenced.length > 0 ? referenced : gateways,
    hosts,
    outboundPolicy,
  };
}
