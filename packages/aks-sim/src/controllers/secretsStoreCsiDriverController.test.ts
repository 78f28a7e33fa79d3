import { X509Certificate } from 'node:crypto';
import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import { condition, realCluster, type RealCluster } from './__testUtils__/realCluster';
import { parseSpcObjects } from './secretsStoreCsiDriverController';

const SPC_API = 'secrets-store.csi.x-k8s.io/v1';
const DAY_MS = 86_400_000;

const spc = (objectName = 'httpbin-cert'): KubeObject => ({
  apiVersion: SPC_API,
  kind: 'SecretProviderClass',
  metadata: { name: 'httpbin-credential-spc', namespace: 'default' },
  spec: {
    provider: 'azure',
    secretObjects: [
      { secretName: 'httpbin-credential', type: 'kubernetes.io/tls', labels: { app: 'httpbin' }, data: [{ objectName: 'tls-key', key: 'tls.key' }, { objectName: 'tls-crt', key: 'tls.crt' }] },
    ],
    parameters: {
      keyvaultName: 'kv-aks-test',
      objects: `array:\n  - |\n    objectName: ${objectName}\n    objectType: secret\n    objectAlias: tls-key\n  - |\n    objectName: ${objectName}\n    objectType: cert\n    objectAlias: tls-crt\n`,
    },
  },
});

const mountingPod = (name = 'secrets-store-sync-httpbin'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: {
    containers: [{ name: 'busybox', image: 'mcr.microsoft.com/oss/busybox/busybox:1.33.1', volumeMounts: [{ name: 'secrets-store01-inline', mountPath: '/mnt/secrets-store', readOnly: true }] }],
    volumes: [{ name: 'secrets-store01-inline', csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'httpbin-credential-spc' } } }],
  },
});

function certificateIn(cluster: RealCluster): X509Certificate | undefined {
  const secret = cluster.get('v1', 'Secret', 'default', 'httpbin-credential');
  const crt = (secret?.data as Record<string, string> | undefined)?.['tls.crt'];
  return crt ? new X509Certificate(Buffer.from(crt, 'base64')) : undefined;
}

function mintIn(cluster: RealCluster, daysValid: number, name = 'httpbin-cert') {
  return cluster.keyVault.setCertificate(name, {
    commonName: 'httpbin.example.com',
    notBefore: new Date(Date.now() - DAY_MS),
    notAfter: new Date(Date.now() + daysValid * DAY_MS),
  });
}

describe('SecretsStoreCsiDriverController (Key Vault provider)', () => {
  let cluster: RealCluster;
  beforeEach(() => {
    cluster = realCluster();
  });
  afterEach(() => cluster.stop());

  it('parses the Azure provider objects array', () => {
    expect(parseSpcObjects(spc().spec.parameters.objects)).toEqual([
      { objectName: 'httpbin-cert', objectType: 'secret', objectAlias: 'tls-key' },
      { objectName: 'httpbin-cert', objectType: 'cert', objectAlias: 'tls-crt' },
    ]);
    expect(parseSpcObjects(undefined)).toEqual([]);
  });

  it('syncs nothing while no pod mounts the SecretProviderClass (its status stays empty)', () => {
    mintIn(cluster, 30);
    cluster.apply(spc());
    cluster.settle();
    expect(cluster.get('v1', 'Secret', 'default', 'httpbin-credential')).toBeUndefined();
    expect(cluster.get(SPC_API, 'SecretProviderClass', 'default', 'httpbin-credential-spc')?.status).toBeUndefined();
  });

  it('a mounting pod makes the driver write the labelled Secret, the pod status and a Running pod', () => {
    const version = mintIn(cluster, 30);
    cluster.apply(spc(), mountingPod());
    cluster.settle();
    const secret = cluster.get('v1', 'Secret', 'default', 'httpbin-credential')!;
    expect(secret.type).toBe('kubernetes.io/tls');
    expect(secret.metadata.labels).toEqual({ app: 'httpbin', 'secrets-store.csi.k8s.io/managed': 'true' });
    const data = secret.data as Record<string, string>;
    expect(Buffer.from(data['tls.crt'], 'base64').toString()).toBe(version.value);
    // objectType secret of a certificate is the private key followed by the certificate.
    expect(Buffer.from(data['tls.key'], 'base64').toString()).toBe(`${version.privateKeyPem}${version.value}`);

    const [podStatus] = cluster.list(SPC_API, 'SecretProviderClassPodStatus', 'default');
    expect(podStatus.status).toMatchObject({
      podName: 'secrets-store-sync-httpbin',
      secretProviderClassName: 'httpbin-credential-spc',
      mounted: true,
      objects: [{ id: 'secret/httpbin-cert', version: version.version }, { id: 'cert/httpbin-cert', version: version.version }],
    });
    expect(secret.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'SecretProviderClassPodStatus', name: podStatus.metadata.name })]);
    expect(cluster.get('v1', 'Pod', 'default', 'secrets-store-sync-httpbin')?.status?.phase).toBe('Running');
  });

  it('a missing Key Vault object fails the mount (FailedMount Event, pod Pending, no Secret) until it exists', () => {
    cluster.apply(spc(), mountingPod());
    cluster.settle();
    expect(cluster.get('v1', 'Secret', 'default', 'httpbin-credential')).toBeUndefined();
    const pod = cluster.get('v1', 'Pod', 'default', 'secrets-store-sync-httpbin')!;
    expect(pod.status.phase).toBe('Pending');
    expect(pod.status.containerStatuses[0].state.waiting.reason).toBe('ContainerCreating');
    const event = cluster.get('v1', 'Event', 'default', 'secrets-store-sync-httpbin.failedmount') as any;
    expect(event).toMatchObject({ type: 'Warning', reason: 'FailedMount', involvedObject: { kind: 'Pod', name: 'secrets-store-sync-httpbin' } });
    expect(event.message).toContain('MountVolume.SetUp failed for volume "secrets-store01-inline"');
    expect(event.message).toContain('A secret with (name/id) httpbin-cert was not found in this key vault.');

    mintIn(cluster, 30);
    cluster.settle();
    expect(certificateIn(cluster)).toBeDefined();
    expect(cluster.get('v1', 'Pod', 'default', 'secrets-store-sync-httpbin')?.status?.phase).toBe('Running');
    expect(cluster.get('v1', 'Event', 'default', 'secrets-store-sync-httpbin.failedmount')).toBeUndefined();
  });

  it('a new Key Vault version refreshes the Secret (rotation)', () => {
    mintIn(cluster, 5);
    cluster.apply(spc(), mountingPod());
    cluster.settle();
    const before = certificateIn(cluster)!;
    mintIn(cluster, 365);
    cluster.settle();
    const after = certificateIn(cluster)!;
    expect(after.serialNumber).not.toBe(before.serialNumber);
    expect(Date.parse(after.validTo) - Date.parse(before.validTo)).toBeGreaterThan(300 * DAY_MS);
  });

  it('keeps the Secret while any pod mounts the class; the last pod going deletes it', () => {
    mintIn(cluster, 30);
    cluster.apply(spc(), mountingPod('sync-a'), mountingPod('sync-b'));
    cluster.settle();
    expect(cluster.list(SPC_API, 'SecretProviderClassPodStatus', 'default')).toHaveLength(2);
    expect(cluster.get('v1', 'Secret', 'default', 'httpbin-credential')?.metadata.ownerReferences).toHaveLength(2);

    cluster.remove('v1', 'Pod', 'default', 'sync-a');
    cluster.settle();
    expect(cluster.list(SPC_API, 'SecretProviderClassPodStatus', 'default').map(s => s.status.podName)).toEqual(['sync-b']);
    expect(certificateIn(cluster)).toBeDefined();

    cluster.remove('v1', 'Pod', 'default', 'sync-b');
    cluster.settle();
    expect(cluster.list(SPC_API, 'SecretProviderClassPodStatus', 'default')).toEqual([]);
    expect(cluster.get('v1', 'Secret', 'default', 'httpbin-credential')).toBeUndefined();
  });

  it('a finished pod no longer counts as mounting', () => {
    mintIn(cluster, 30);
    cluster.apply(spc(), mountingPod());
    cluster.settle();
    cluster.store.updateStatus(cluster.store.resourceFor('v1', 'Pod')!, 'default', 'secrets-store-sync-httpbin', () => ({ phase: 'Succeeded' }));
    cluster.settle();
    expect(cluster.get('v1', 'Secret', 'default', 'httpbin-credential')).toBeUndefined();
  });

  it('re-creates a synced Secret someone deleted while the class is mounted', () => {
    mintIn(cluster, 30);
    cluster.apply(spc(), mountingPod());
    cluster.settle();
    cluster.remove('v1', 'Secret', 'default', 'httpbin-credential');
    cluster.settle();
    expect(certificateIn(cluster)).toBeDefined();
  });

  it('feeds the Istio listener: InvalidCertificateRef until the mount syncs, then resolved', () => {
    cluster.apply({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'httpbin-gateway', namespace: 'default' },
      spec: {
        gatewayClassName: 'istio',
        listeners: [{ name: 'https', hostname: 'httpbin.example.com', port: 443, protocol: 'HTTPS', tls: { mode: 'Terminate', certificateRefs: [{ name: 'httpbin-credential' }] } }],
      },
    });
    mintIn(cluster, 30);
    cluster.apply(spc());
    cluster.settle();
    const listener = () => cluster.get('gateway.networking.k8s.io/v1', 'Gateway', 'default', 'httpbin-gateway')!.status.listeners[0];
    expect(condition(listener().conditions, 'ResolvedRefs')).toMatchObject({ status: 'False', reason: 'InvalidCertificateRef' });
    cluster.apply(mountingPod());
    cluster.settle();
    expect(condition(listener().conditions, 'ResolvedRefs')).toMatchObject({ status: 'True', reason: 'ResolvedRefs' });
    cluster.remove('v1', 'Pod', 'default', 'secrets-store-sync-httpbin');
    cluster.settle();
    expect(condition(listener().conditions, 'ResolvedRefs')).toMatchObject({ status: 'False', reason: 'InvalidCertificateRef' });
  });
});
