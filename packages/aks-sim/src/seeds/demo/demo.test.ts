import { X509Certificate } from 'node:crypto';
import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import { startAksSim, type AksSim, type SimCluster } from '../../sim/startAksSim';
import { clientsFor, eventually } from '../../sim/__testUtils__/clients';
import { applySeed } from '..';
import { PLS_ANNOTATIONS } from './frontDoorPrivateLink';

const GW = 'gateway.networking.k8s.io/v1';
const DAY_MS = 86_400_000;

function get(cluster: SimCluster, apiVersion: string, kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
  const type = cluster.store.resourceFor(apiVersion, kind);
  if (!type) throw new Error(`${apiVersion} ${kind} not served`);
  return cluster.store.get(type, namespace, name);
}

function list(cluster: SimCluster, apiVersion: string, kind: string, labelSelector?: string): KubeObject[] {
  return cluster.store.list(cluster.store.resourceFor(apiVersion, kind)!, { labelSelector });
}

const condition = (conditions: any[] | undefined, type: string) => conditions?.find(c => c.type === type);

/** The Istio parent status of a route, once the controller wrote it. */
function routeParent(cluster: SimCluster, namespace: string, name: string, controllerName = 'istio.io/gateway-controller') {
  return get(cluster, GW, 'HTTPRoute', namespace, name)?.status?.parents?.find((p: any) => p.controllerName === controllerName);
}

function listener(cluster: SimCluster, namespace: string, gateway: string, name: string) {
  return get(cluster, GW, 'Gateway', namespace, gateway)?.status?.listeners?.find((l: any) => l.name === name);
}

/** Polls until the controllers have settled on the expected state (they reconcile asynchronously). */
async function settled<T>(check: () => T | false | undefined | null): Promise<T> {
  return (await eventually(check, 5000)) as T;
}

/** A TLS Secret's certificate (the seed writes `data`, base64). */
function certificateOf(secret: KubeObject): X509Certificate {
  return new X509Certificate(Buffer.from((secret.data as Record<string, string>)['tls.crt'], 'base64'));
}

describe('demo seed', () => {
  let sim: AksSim;
  let weu: SimCluster;
  let neu: SimCluster;

  beforeAll(async () => {
    sim = await startAksSim({
      seed: 'demo',
      clusters: [
        { name: 'aks-prod-weu', gatewayApiVersion: 'v1.2.1', istioRevisions: ['asm-1-26'] },
        { name: 'aks-prod-neu', gatewayApiVersion: 'v1.5.1', istioRevisions: ['asm-1-27'] },
      ],
    });
    [weu, neu] = sim.clusters;
  });
  afterAll(() => sim.stop());

  describe('cluster 0 (aks-prod-weu): Istio ingress with Key Vault TLS', () => {
    it('programs httpbin-gateway with an LB address and the generated <gw>-istio resources', async () => {
      const gateway = await settled(() => {
        const gw = get(weu, GW, 'Gateway', 'default', 'httpbin-gateway');
        return condition(gw?.status?.conditions, 'Programmed')?.status === 'True' && gw;
      });
      expect(condition(gateway.status.conditions, 'Accepted')).toMatchObject({ status: 'True' });
      expect(gateway.status.addresses).toEqual([{ type: 'IPAddress', value: expect.stringMatching(/^20\./) }]);
      for (const [apiVersion, kind] of [['apps/v1', 'Deployment'], ['v1', 'Service'], ['autoscaling/v2', 'HorizontalPodAutoscaler'], ['policy/v1', 'PodDisruptionBudget']]) {
        expect(get(weu, apiVersion, kind, 'default', 'httpbin-gateway-istio')?.metadata.labels).toMatchObject({ 'gateway.networking.k8s.io/gateway-name': 'httpbin-gateway', 'istio.io/rev': 'asm-1-26' });
      }
    });

    it('accepts the HTTP route with resolved refs', async () => {
      const parent = await settled(() => routeParent(weu, 'default', 'http'));
      expect(condition(parent.conditions, 'Accepted')).toMatchObject({ status: 'True', reason: 'Accepted' });
      expect(condition(parent.conditions, 'ResolvedRefs')).toMatchObject({ status: 'True', reason: 'ResolvedRefs' });
      expect(listener(weu, 'default', 'httpbin-gateway', 'http')?.attachedRoutes).toBe(1);
    });

    it('syncs the Key Vault certificate through the mounting pod, expiring in 10 days', async () => {
      const secret = await settled(() => get(weu, 'v1', 'Secret', 'default', 'httpbin-credential'));
      expect(secret.metadata.labels?.['secrets-store.csi.k8s.io/managed']).toBe('true');
      const certificate = certificateOf(secret);
      const daysLeft = (Date.parse(certificate.validTo) - Date.now()) / DAY_MS;
      expect(daysLeft).toBeGreaterThan(9);
      expect(daysLeft).toBeLessThanOrEqual(10);
      expect(certificate.subjectAltName).toBe('DNS:httpbin.example.com');
      const https = await settled(() => {
        const l = listener(weu, 'default', 'httpbin-gateway', 'https');
        return condition(l?.conditions, 'ResolvedRefs')?.status === 'True' && l;
      });
      expect(condition(https.conditions, 'Programmed')).toMatchObject({ status: 'True' });
      expect(get(weu, 'v1', 'Pod', 'default', 'secrets-store-sync-httpbin')?.status?.phase).toBe('Running');
    });

    it('reports InvalidCertificateRef for the listener whose SecretProviderClass no pod mounts', async () => {
      const api = await settled(() => listener(weu, 'default', 'httpbin-gateway', 'https-api'));
      expect(condition(api.conditions, 'ResolvedRefs')).toMatchObject({
        status: 'False',
        reason: 'InvalidCertificateRef',
        message: 'invalid certificate reference /Secret/api-credential., secret default/api-credential not found',
      });
      expect(condition(api.conditions, 'Programmed')).toMatchObject({ status: 'False', reason: 'Invalid' });
      expect(get(weu, 'secrets-store.csi.x-k8s.io/v1', 'SecretProviderClass', 'default', 'api-credential-spc')).toBeDefined();
      expect(get(weu, 'v1', 'Secret', 'default', 'api-credential')).toBeUndefined();
    });

    it('serves the expired certificate: Istio does not check expiry, so the listener resolves', async () => {
      const legacy = await settled(() => {
        const l = listener(weu, 'default', 'httpbin-gateway', 'https-legacy');
        return condition(l?.conditions, 'ResolvedRefs')?.status === 'True' && l;
      });
      expect(condition(legacy.conditions, 'Programmed')).toMatchObject({ status: 'True' });
      const secret = get(weu, 'v1', 'Secret', 'default', 'legacy-tls')!;
      const certificate = certificateOf(secret);
      expect(Date.parse(certificate.validTo)).toBeLessThan(Date.now());
      expect(routeParent(weu, 'default', 'httpbin-legacy')?.conditions).toEqual(
        expect.arrayContaining([expect.objectContaining({ type: 'Accepted', status: 'True' })]),
      );
    });

    it('rejects the preview route from another namespace on the Same-only listener', async () => {
      const parent = await settled(() => routeParent(weu, 'httpbin-preview', 'httpbin-preview'));
      expect(condition(parent.conditions, 'Accepted')).toMatchObject({ status: 'False', reason: 'NotAllowedByListeners' });
      expect(condition(parent.conditions, 'ResolvedRefs')).toMatchObject({ status: 'True' });
    });

    it('labels workloads, Services, Pods and routes for the catalog', () => {
      const httpbin = 'backstage.io/kubernetes-id=httpbin';
      expect(list(weu, 'apps/v1', 'Deployment', httpbin).length).toBeGreaterThanOrEqual(2);
      expect(list(weu, 'v1', 'Service', httpbin).length).toBeGreaterThanOrEqual(2);
      expect(list(weu, 'v1', 'Pod', httpbin).length).toBeGreaterThanOrEqual(3);
      expect(list(weu, GW, 'HTTPRoute', httpbin).map(r => r.metadata.name).sort()).toEqual(['http', 'httpbin', 'httpbin-api', 'httpbin-legacy', 'httpbin-preview']);
      expect(list(weu, 'v1', 'Pod', 'backstage.io/kubernetes-id=curl')[0]?.status?.phase).toBe('Running');
    });
  });

  describe('cluster 0 (aks-prod-weu): egress gateway with static IPs', () => {
    it('assigns a public /30 prefix to the StaticGatewayConfiguration', async () => {
      const sgc = await settled(() => get(weu, 'egressgateway.kubernetes.azure.com/v1alpha1', 'StaticGatewayConfiguration', 'aks-istio-egress', 'egress-static-ips')?.status);
      expect(sgc.egressIpPrefix).toMatch(/^\d+\.\d+\.\d+\.\d+\/30$/);
    });

    it('creates the add-on egress gateway for the installed revision, ready', async () => {
      expect(get(weu, 'v1', 'Service', 'aks-istio-egress', 'asm-egress-curl')?.spec?.type).toBe('ClusterIP');
      const deployment = await settled(() => {
        const d = get(weu, 'apps/v1', 'Deployment', 'aks-istio-egress', 'asm-egress-curl-asm-1-26');
        return (d?.status?.readyReplicas ?? 0) > 0 && d;
      });
      expect(deployment.spec.template.metadata.annotations['kubernetes.azure.com/static-gateway-configuration']).toBe('egress-static-ips');
    });

    it('sets REGISTRY_ONLY in the shared MeshConfig of the revision', () => {
      const mesh = get(weu, 'v1', 'ConfigMap', 'aks-istio-system', 'istio-shared-configmap-asm-1-26') as any;
      expect(mesh.data.mesh).toBe('outboundTrafficPolicy:\n  mode: REGISTRY_ONLY');
    });

    it('routes the curl namespace to three hosts in the three egress modes', () => {
      const ns = get(weu, 'v1', 'Namespace', undefined, 'curl')!;
      expect(ns.metadata.labels?.['istio.io/rev']).toBe('asm-1-26');
      const hosts = list(weu, 'networking.istio.io/v1', 'ServiceEntry').filter(s => s.metadata.namespace === 'curl').flatMap(s => s.spec.hosts);
      expect(hosts.sort()).toEqual(['api.github.com', 'edition.cnn.com', 'httpbin.org']);
      const servers = list(weu, 'networking.istio.io/v1', 'Gateway').flatMap(g => g.spec.servers);
      expect(servers.map((s: any) => `${s.port.number}/${s.port.protocol}/${s.tls?.mode ?? '-'}`).sort()).toEqual(['443/HTTPS/ISTIO_MUTUAL', '443/TLS/PASSTHROUGH', '80/HTTP/-']);
      expect(get(weu, 'networking.istio.io/v1', 'DestinationRule', 'curl', 'originate-tls-for-api-github-com')?.spec.trafficPolicy.portLevelSettings[0].tls.mode).toBe('SIMPLE');
      expect(list(weu, 'networking.istio.io/v1', 'VirtualService').length).toBe(3);
    });
  });

  describe('cluster 1 (aks-prod-neu): managed ingress, AGC and Front Door', () => {
    it('attaches store-front, store-admin and httpbin to the managed external ingress', async () => {
      const gateway = await settled(() => {
        const gw = get(neu, GW, 'Gateway', 'aks-istio-ingress', 'gateway');
        return condition(gw?.status?.conditions, 'Programmed')?.status === 'True' && gw;
      });
      expect(condition(gateway.status.conditions, 'Programmed')?.message).toContain('aks-istio-ingressgateway-external.aks-istio-ingress.svc.cluster.local:80');
      expect(gateway.status.addresses).toEqual([{ type: 'IPAddress', value: expect.stringMatching(/^20\./) }]);
      // Manual deployment: istiod generates nothing for it.
      expect(get(neu, 'apps/v1', 'Deployment', 'aks-istio-ingress', 'gateway-istio')).toBeUndefined();
      await settled(() => listener(neu, 'aks-istio-ingress', 'gateway', 'default')?.attachedRoutes === 3);
      for (const [ns, name] of [['pets', 'store-front'], ['pets', 'store-admin'], ['default', 'httpbin']]) {
        const parent = routeParent(neu, ns, name);
        expect(condition(parent.conditions, 'Accepted')).toMatchObject({ status: 'True' });
        expect(condition(parent.conditions, 'ResolvedRefs')).toMatchObject({ status: 'True' });
      }
    });

    it('gives the Application Gateway for Containers Gateway a *.alb.azure.com hostname', async () => {
      const gateway = await settled(() => {
        const gw = get(neu, GW, 'Gateway', 'pets', 'store-front-agc');
        return (gw?.status?.addresses?.length ?? 0) > 0 && gw;
      });
      expect(gateway.status.addresses).toEqual([{ type: 'Hostname', value: expect.stringMatching(/\.alb\.azure\.com$/) }]);
      expect(condition(gateway.status.conditions, 'Programmed')).toMatchObject({ status: 'True' });
      const parent = await settled(() => routeParent(neu, 'pets', 'store-front-agc', 'alb.networking.azure.io/alb-controller'));
      expect(condition(parent.conditions, 'Accepted')).toMatchObject({ status: 'True' });
      expect(get(neu, 'security.istio.io/v1', 'PeerAuthentication', 'pets', 'default')?.spec.mtls.mode).toBe('STRICT');
      expect(get(neu, 'v1', 'Namespace', undefined, 'pets')?.metadata.labels?.['istio.io/rev']).toBe('asm-1-27');
    });

    it('puts the internal LB and Private Link Service annotations on the generated Service', async () => {
      const service = await settled(() => {
        const svc = get(neu, 'v1', 'Service', 'afd-ingress', 'store-admin-private-istio');
        return (svc?.status?.loadBalancer?.ingress?.length ?? 0) > 0 && svc;
      });
      expect(service.metadata.annotations).toMatchObject(PLS_ANNOTATIONS);
      expect(service.status.loadBalancer.ingress[0].ip).toMatch(/^10\.224\./);
      const gateway = await settled(() => {
        const gw = get(neu, GW, 'Gateway', 'afd-ingress', 'store-admin-private');
        return (gw?.status?.addresses?.length ?? 0) > 0 && gw;
      });
      expect(gateway.status.addresses[0].value).toBe(service.status.loadBalancer.ingress[0].ip);
    });

    it('rewrites the Front Door probe to the gateway readiness port, and routes store-admin privately', async () => {
      const probe = await settled(() => {
        const parent = routeParent(neu, 'afd-ingress', 'store-admin-private-frontdoor-health-probe');
        return condition(parent?.conditions, 'ResolvedRefs')?.status === 'True' && parent;
      });
      expect(condition(probe.conditions, 'Accepted')).toMatchObject({ status: 'True' });
      const rule = get(neu, GW, 'HTTPRoute', 'afd-ingress', 'store-admin-private-frontdoor-health-probe')!.spec.rules[0];
      expect(rule.filters[0].urlRewrite.path).toEqual({ type: 'ReplacePrefixMatch', replacePrefixMatch: '/healthz/ready' });
      const admin = await settled(() => routeParent(neu, 'pets', 'store-admin-private'));
      expect(condition(admin.conditions, 'Accepted')).toMatchObject({ status: 'True' });
    });
  });

  it('can be applied again over itself (server-side apply)', () => {
    expect(() => applySeed('demo', { store: weu.store, cluster: weu.info, index: 0 })).not.toThrow();
    expect(() => applySeed('demo', { store: neu.store, cluster: neu.info, index: 1 })).not.toThrow();
  });

  it('works with the count form and serves the labelled objects to a Kubernetes client', async () => {
    const counted = await startAksSim({ clusters: 2, seed: 'demo' });
    try {
      const { custom, core } = clientsFor(counted.clusters[0]);
      const routes: any = await custom.listClusterCustomObject({ group: 'gateway.networking.k8s.io', version: 'v1', plural: 'httproutes', labelSelector: 'backstage.io/kubernetes-id=httpbin' });
      expect(routes.items).toHaveLength(5);
      const pods = await core.listPodForAllNamespaces({ labelSelector: 'backstage.io/kubernetes-id=curl' });
      expect(pods.items.map(p => p.metadata?.namespace)).toEqual(['curl']);
      const neuServices = await clientsFor(counted.clusters[1]).core.listServiceForAllNamespaces({ labelSelector: 'backstage.io/kubernetes-id=store-admin' });
      expect(neuServices.items.map(svc => `${svc.metadata?.namespace}/${svc.metadata?.name}`)).toEqual(['pets/store-admin']);
    } finally {
      await counted.stop();
    }
  });
});
