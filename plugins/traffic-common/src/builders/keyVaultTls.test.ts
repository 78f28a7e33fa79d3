import { load } from 'js-yaml';
import type { KubeObject } from '../kube/types';
import { parseKeyVaultTlsInput } from '../schemas/keyVaultTlsInput';
import { buildKeyVaultTlsObjects, buildSecretProviderClass, buildSecretSyncDeployment } from './keyVaultTls';
import { crdErrors, seedManifest, seedManifests } from './__testUtils__/seeds';

const SEED = 'istio-gateway-api-ingress-aks';
// The seed's $CLIENT_ID, $TENANT_ID and $KEY_VAULT_NAME as the seed extractor substitutes them.
const CLIENT_ID = '7f0c2d3e-1a2b-4c5d-8e9f-0a1b2c3d4e5f';
const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const KEY_VAULT_NAME = 'kv-traffic-demo';

/** The `objects` parameter is YAML holding YAML strings; compare what the provider reads. */
function readObjectsParameter(spc: KubeObject): unknown[] {
  const outer = load(spc.spec.parameters.objects) as { array: string[] };
  return outer.array.map(entry => load(entry));
}

function comparable(spc: KubeObject) {
  const { objects, ...parameters } = spc.spec.parameters;
  return { ...spc, spec: { ...spc.spec, parameters }, objects: readObjectsParameter(spc) };
}

const baseInput = {
  cluster: 'aks-demo',
  secretName: 'httpbin-credential',
  keyVaultName: KEY_VAULT_NAME,
  tenantId: TENANT_ID,
  identity: { clientId: CLIENT_ID },
};

describe('SecretProviderClass against the ingress seed', () => {
  const [firstSeedSpc, secondSeedSpc] = seedManifests(SEED).filter(m => m.kind === 'SecretProviderClass');

  it('builds the two-secrets SecretProviderClass with the add-on managed identity', () => {
    const input = parseKeyVaultTlsInput({
      ...baseInput,
      objects: { source: 'secrets', keySecretName: 'test-httpbin-key', certSecretName: 'test-httpbin-crt' },
    });
    const spc = buildSecretProviderClass({ namespace: input.namespace, secretName: input.secretName, keyVault: input });
    const expected = { ...firstSeedSpc, metadata: { ...firstSeedSpc.metadata, namespace: 'default' } };
    expect(comparable(spc)).toEqual(comparable(expected));
    // Parameter order as in the seed, for readable diffs in pull requests.
    expect(Object.keys(spc.spec.parameters)).toEqual(Object.keys(expected.spec.parameters));
  });

  it('builds the certificate-object variant (one Key Vault certificate read as secret and cert)', () => {
    const input = parseKeyVaultTlsInput({
      ...baseInput,
      objects: {
        source: 'certificate',
        certificateName: 'test-httpbin-cert-pfx',
        keyAlias: 'test-httpbin-key',
        certAlias: 'test-httpbin-crt',
      },
    });
    const spc = buildSecretProviderClass({ namespace: 'default', secretName: input.secretName, keyVault: input });
    const expected = { ...secondSeedSpc, metadata: { ...secondSeedSpc.metadata, namespace: 'default' } };
    expect(comparable(spc)).toEqual(comparable(expected));
  });

  it('writes the objects parameter in the seed layout (array of block strings)', () => {
    const input = parseKeyVaultTlsInput({
      ...baseInput,
      objects: { keySecretName: 'test-httpbin-key', certSecretName: 'test-httpbin-crt' },
    });
    const spc = buildSecretProviderClass({ namespace: 'default', secretName: input.secretName, keyVault: input });
    expect(spc.spec.parameters.objects).toBe(
      [
        'array:',
        '  - |',
        '    objectName: test-httpbin-key',
        '    objectType: secret',
        '    objectAlias: test-httpbin-key',
        '  - |',
        '    objectName: test-httpbin-crt',
        '    objectType: secret',
        '    objectAlias: test-httpbin-crt',
        '',
      ].join('\n'),
    );
  });
});

describe('sync workload', () => {
  const input = parseKeyVaultTlsInput({
    ...baseInput,
    objects: { keySecretName: 'test-httpbin-key', certSecretName: 'test-httpbin-crt' },
  });
  const target = { namespace: 'default', secretName: input.secretName, keyVault: input };

  it('mounts the SecretProviderClass the way the seed pod does, but keeps running', () => {
    const seedPod = seedManifest(SEED, 'Pod', 'secrets-store-sync-httpbin');
    const deployment = buildSecretSyncDeployment(target)!;
    const podSpec = deployment.spec.template.spec;
    expect(podSpec.volumes).toEqual(seedPod.spec.volumes);
    const [container] = podSpec.containers;
    const [seedContainer] = seedPod.spec.containers;
    expect(container.image).toBe(seedContainer.image);
    expect(container.volumeMounts).toEqual(seedContainer.volumeMounts);
    // The seed's `sleep 10` pod exits and the Secret stops syncing; ours sleeps forever.
    expect(container.command).toEqual(['/bin/sh', '-c', 'while true; do sleep 3600; done']);
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
  });

  it('uses a federated service account with workload identity', () => {
    const wi = parseKeyVaultTlsInput({
      ...baseInput,
      identity: { type: 'workload-identity', clientId: CLIENT_ID, serviceAccountName: 'kv-reader' },
      objects: { keySecretName: 'k', certSecretName: 'c' },
    });
    const objects = buildKeyVaultTlsObjects({ namespace: 'apps', secretName: wi.secretName, keyVault: wi });
    expect(objects.map(o => o.kind)).toEqual(['SecretProviderClass', 'ServiceAccount', 'Deployment']);
    const [spc, serviceAccount, deployment] = objects;
    expect(spc.spec.parameters).toMatchObject({ usePodIdentity: 'false', clientID: CLIENT_ID });
    expect(spc.spec.parameters.useVMManagedIdentity).toBeUndefined();
    expect(serviceAccount.metadata).toEqual({
      name: 'kv-reader',
      namespace: 'apps',
      annotations: { 'azure.workload.identity/client-id': CLIENT_ID },
    });
    expect(deployment.spec.template.spec.serviceAccountName).toBe('kv-reader');
    expect(deployment.spec.template.metadata.labels['azure.workload.identity/use']).toBe('true');
  });

  it('omits the workload when another pod already mounts the SecretProviderClass', () => {
    const withoutSync = parseKeyVaultTlsInput({
      ...baseInput,
      objects: { keySecretName: 'k', certSecretName: 'c' },
      syncWorkload: { enabled: false },
    });
    const objects = buildKeyVaultTlsObjects({ namespace: 'default', secretName: 'x', keyVault: withoutSync });
    expect(objects.map(o => o.kind)).toEqual(['SecretProviderClass']);
  });

  it('validates against the SecretProviderClass CRD', () => {
    expect(crdErrors(buildKeyVaultTlsObjects(target), 'v1.2.1')).toEqual([]);
  });
});
