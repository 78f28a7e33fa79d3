import { InputError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import yaml from 'js-yaml';
import {
  actionContext,
  strictMswServer,
  testActions,
} from './__testUtils__/actionTestUtils';

describe('traffic:tls:create', () => {
  registerMswTestHooks(strictMswServer());
  const action = testActions()['traffic:tls:create'];
  const base = {
    cluster: 'aks-prod-weu',
    secretName: 'httpbin-credential',
    keyVaultName: 'kv-apps-prod',
    tenantId: '11111111-2222-3333-4444-555555555555',
    identity: { clientId: '66666666-7777-8888-9999-000000000000' },
    objects: {
      keySecretName: 'test-httpbin-key',
      certSecretName: 'test-httpbin-crt',
    },
  };

  it('builds the SecretProviderClass (secretName = the listener certificateRefs name) and the sync Deployment', async () => {
    const { ctx, outputs } = actionContext(base);
    await action.handler(ctx);
    const [spc, deployment] = yaml.loadAll(outputs.manifests) as any[];
    expect(spc).toMatchObject({
      kind: 'SecretProviderClass',
      metadata: { name: 'httpbin-credential-spc' },
      spec: { provider: 'azure' },
    });
    expect(spc.spec.secretObjects[0]).toMatchObject({
      secretName: 'httpbin-credential',
      type: 'kubernetes.io/tls',
    });
    expect(deployment.kind).toBe('Deployment');
  });

  it.each([
    [{ ...base, keyVaultName: 'kv--bad' }, /^keyVaultName: /],
    [{ ...base, tenantId: 'not-a-guid' }, /^tenantId: /],
    [
      { ...base, objects: { source: 'certificate' } },
      /^objects\.certificateName: /,
    ],
    [
      { ...base, syncWorkload: { image: 'busybox; rm -rf /' } },
      /^syncWorkload\.image: /,
    ],
    [{ ...base, secretName: 'x\n---\nkind: Secret' }, /^secretName: /],
  ])('rejects %j naming the field', async (input, message) => {
    const error = await action
      .handler(actionContext(input as any).ctx)
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(message);
  });
});
