import { InputError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import yaml from 'js-yaml';
import {
  actionContext,
  strictMswServer,
  testActions,
} from './__testUtils__/actionTestUtils';

describe('traffic:mesh-mtls:enable', () => {
  registerMswTestHooks(strictMswServer());
  const action = testActions()['traffic:mesh-mtls:enable'];

  it('labels the namespace for injection and requires STRICT mTLS', async () => {
    const { ctx, outputs } = actionContext({
      cluster: 'aks-prod-weu',
      namespace: 'test-infra',
      revision: 'asm-1-26',
    });
    await action.handler(ctx);
    const [namespace, peer] = yaml.loadAll(outputs.manifests) as any[];
    expect(namespace).toMatchObject({
      kind: 'Namespace',
      metadata: { name: 'test-infra', labels: { 'istio.io/rev': 'asm-1-26' } },
    });
    expect(peer).toMatchObject({
      kind: 'PeerAuthentication',
      spec: { mtls: { mode: 'STRICT' } },
    });
  });

  it.each([
    [
      {
        cluster: 'aks-prod-weu',
        namespace: 'kube-system',
        revision: 'asm-1-26',
      },
      /^namespace: /,
    ],
    [
      {
        cluster: 'aks-prod-weu',
        namespace: 'test-infra',
        revision: 'istio-1-26',
      },
      /^revision: /,
    ],
    [{ cluster: 'aks-prod-weu', namespace: 'test-infra' }, /^revision: /],
    [
      { cluster: 'bad cluster', namespace: 'test-infra', revision: 'asm-1-26' },
      /^cluster: /,
    ],
  ])('rejects %j naming the field', async (input, message) => {
    const error = await action
      .handler(actionContext(input as any).ctx)
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(message);
  });
});
