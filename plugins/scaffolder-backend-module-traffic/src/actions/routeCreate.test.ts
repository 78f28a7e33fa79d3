import { InputError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import yaml from 'js-yaml';
import {
  actionContext,
  strictMswServer,
  testActions,
} from './__testUtils__/actionTestUtils';

describe('traffic:route:create', () => {
  registerMswTestHooks(strictMswServer());
  const action = testActions()['traffic:route:create'];
  const base = {
    cluster: 'aks-prod-weu',
    name: 'store-front',
    namespace: 'pets',
    gateway: { name: 'gateway', namespace: 'aks-istio-ingress' },
    hostnames: ['store.aks.rocks'],
    rules: [
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backends: [{ service: 'store-front', port: 80 }],
      },
    ],
  };

  it('builds a cross-namespace HTTPRoute, and a ReferenceGrant for a backend in another namespace', async () => {
    const { ctx, outputs } = actionContext({
      ...base,
      rules: [
        { backends: [{ service: 'shared', namespace: 'common', port: 80 }] },
      ],
    });
    await action.handler(ctx);
    expect(
      outputs.objectRefs.map((r: any) => `${r.kind} ${r.namespace}`),
    ).toEqual(['ReferenceGrant common', 'HTTPRoute pets']);
    const [, route] = yaml.loadAll(outputs.manifests) as any[];
    expect(route.spec.parentRefs).toEqual([
      { name: 'gateway', namespace: 'aks-istio-ingress' },
    ]);
  });

  it('adds the Front Door health probe route with the URL rewrite to the gateway readiness port', async () => {
    const { ctx, outputs } = actionContext({
      ...base,
      gateway: { name: 'istio-ingress' },
      namespace: 'default',
      frontDoorHealthProbe: { enabled: true },
    });
    await action.handler(ctx);
    const probe = (yaml.loadAll(outputs.manifests) as any[]).find(o =>
      o.metadata.name.endsWith('frontdoor-health-probe'),
    );
    expect(probe.spec.rules[0]).toMatchObject({
      matches: [{ path: { type: 'PathPrefix', value: '/probe' } }],
      filters: [
        {
          type: 'URLRewrite',
          urlRewrite: { path: { replacePrefixMatch: '/healthz/ready' } },
        },
      ],
      backendRefs: [{ name: 'istio-ingress-istio', port: 15021 }],
    });
  });

  it.each([
    [{ ...base, kind: 'TLSRoute' }, /^rules\[0\]\.matches: /],
    [
      {
        ...base,
        kind: 'TLSRoute',
        rules: [{ backends: [{ service: 'x', port: 443 }] }],
      },
      /^kind: .*v1\.5\.1/,
    ],
    [{ ...base, rules: [] }, /^rules: /],
    [
      { ...base, rules: [{ backends: [{ service: 'x', port: 0 }] }] },
      /^rules\[0\]\.backends\[0\]\.port: /,
    ],
    [
      {
        ...base,
        rules: [
          {
            matches: [{ path: { value: 'no-slash' } }],
            backends: [{ service: 'x', port: 80 }],
          },
        ],
      },
      /^rules\[0\]\.matches\[0\]\.path\.value: /,
    ],
    [
      { ...base, hostnames: ['store.aks.rocks\n---\nkind: Secret'] },
      /^hostnames\[0\]: /,
    ],
    [
      { ...base, gateway: { name: 'gw', namespace: 'Bad NS' } },
      /^gateway\.namespace: /,
    ],
    [
      {
        ...base,
        rules: [{ backends: [{ service: 'x', port: 80, weight: -1 }] }],
      },
      /^rules\[0\]\.backends\[0\]\.weight: /,
    ],
  ])('rejects %j naming the field', async (input, message) => {
    const error = await action
      .handler(actionContext(input as any).ctx)
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(message);
  });
});
