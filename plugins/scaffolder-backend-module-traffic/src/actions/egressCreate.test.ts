import { InputError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import {
  actionContext,
  strictMswServer,
  testActions,
} from './__testUtils__/actionTestUtils';

describe('traffic:egress:create', () => {
  registerMswTestHooks(strictMswServer());
  const action = testActions()['traffic:egress:create'];
  const base = {
    cluster: 'aks-prod-weu',
    name: 'cnn',
    hosts: ['edition.cnn.com'],
    egressGateway: { name: 'asm-egress-test', revision: 'asm-1-26' },
  };

  it.each([
    ['http', ['ServiceEntry', 'Gateway', 'DestinationRule', 'VirtualService']],
    [
      'tls-passthrough',
      ['ServiceEntry', 'Gateway', 'DestinationRule', 'VirtualService'],
    ],
    [
      'tls-origination',
      [
        'ServiceEntry',
        'Gateway',
        'DestinationRule',
        'DestinationRule',
        'VirtualService',
      ],
    ],
  ])('builds the %s seed objects', async (mode, kinds) => {
    const { ctx, outputs } = actionContext({ ...base, mode });
    await action.handler(ctx);
    expect(outputs.objectRefs.map((r: any) => r.kind).sort()).toEqual(
      [...kinds].sort(),
    );
  });

  it('adds REGISTRY_ONLY as a Sidecar for the client namespace', async () => {
    const { ctx, outputs } = actionContext({
      ...base,
      registryOnly: { scope: 'namespace', clientNamespace: 'default' },
    });
    await action.handler(ctx);
    expect(outputs.objectRefs).toContainEqual(
      expect.objectContaining({ kind: 'Sidecar', namespace: 'default' }),
    );
  });

  it.each([
    [{ ...base, egressGateway: { name: '-bad-' } }, /^egressGateway\.name: /],
    [
      { ...base, egressGateway: { name: 'a'.repeat(54) } },
      /^egressGateway\.name: .*53/,
    ],
    [{ ...base, hosts: [] }, /^hosts: /],
    [{ ...base, hosts: ['*.cnn.com'] }, /^hosts\[0\]: /],
    [{ ...base, mode: 'socks' }, /^mode: /],
    [
      { ...base, registryOnly: { scope: 'namespace' } },
      /^registryOnly\.clientNamespace: /,
    ],
    [
      { ...base, hosts: ['edition.cnn.com\n---\nkind: ServiceEntry'] },
      /^hosts\[0\]: /,
    ],
  ])('rejects %j naming the field', async (input, message) => {
    const error = await action
      .handler(actionContext(input as any).ctx)
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(message);
  });
});
