import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { clusterContent, eventually } from './changes/__testUtils__/simCluster';
import { Harness, startHarness } from './changes/__testUtils__/harness';
import { ConfigApprovalPolicy } from './changes/policy';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  APPROVER,
  APPROVER_GROUP,
  CLUSTER,
  REQUESTER,
  startWorld,
} from './approvals/__testUtils__/approvalsHarness';

jest.setTimeout(30_000);

const gatewayInput = {
  name: 'httpbin-gateway',
  listeners: [
    {
      name: 'http',
      protocol: 'HTTP',
      port: 80,
      allowedRoutes: { from: 'Same' },
    },
  ],
};
const routeInput = {
  name: 'http',
  namespace: 'default',
  gateway: { name: 'httpbin-gateway' },
  hostnames: ['httpbin.example.com'],
  rules: [
    {
      matches: [{ path: { type: 'PathPrefix', value: '/get' } }],
      backends: [{ service: 'httpbin', port: 8000 }],
    },
  ],
};
const keyVault = {
  keyVaultName: 'kv-apps-prod',
  tenantId: '11111111-2222-3333-4444-555555555555',
  identity: { clientId: '66666666-7777-8888-9999-000000000000' },
  objects: {
    source: 'secrets',
    keySecretName: 'test-httpbin-key',
    certSecretName: 'test-httpbin-crt',
  },
};
const httpsGatewayInput = {
  name: 'httpbin-gateway-tls',
  listeners: [
    {
      name: 'https',
      protocol: 'HTTPS',
      hostname: 'httpbin.example.com',
      tls: { certificateRefs: [{ name: 'httpbin-credential' }], keyVault },
    },
  ],
};

const conditionOf = (object: any, type: string) =>
  object?.status?.conditions?.find((c: any) => c.type === type);

describe('ChangeService on aks-sim', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.stop());

  const submit = (body: object) =>
    h.service.submit({
      body: { cluster: 'aks-test', ...body },
      credentials: h.credentials,
    });
  const gatewayType = () =>
    h.cluster.store.resourceFor('gateway.networking.k8s.io/v1', 'Gateway')!;
  const routeType = () =>
    h.cluster.store.resourceFor('gateway.networking.k8s.io/v1', 'HTTPRoute')!;

  it('applies a gateway and a route with server-side apply, records them, and reports a re-submit as unchanged', async () => {
    const gateway = await submit({
      journey: 'gateway',
      input: gatewayInput,
      entityRef: 'component:default/httpbin',
      reason: 'expose httpbin',
    });
    expect(gateway).toMatchObject({
      state: 'applied',
      requestedBy: 'user:default/alice',
      entityRef: 'component:default/httpbin',
    });
    expect(gateway.plan).toEqual([
      expect.objectContaining({
        action: 'create',
        ref: expect.objectContaining({
          kind: 'Gateway',
          name: 'httpbin-gateway',
        }),
      }),
    ]);
    expect(gateway.roundTrips).toMatchObject({
      dryRun: 1,
      snapshot: 0,
      apply: 1,
    });

    const route = await submit({ journey: 'route', input: routeInput });
    expect(route.state).toBe('applied');
    const live = await eventually(() => {
      const object = h.cluster.store.get(routeType(), 'default', 'http');
      return object?.status?.parents?.[0]?.conditions?.find(
        (c: any) => c.type === 'Accepted',
      )?.status === 'True'
        ? object
        : undefined;
    });
    expect(
      live!.metadata.managedFields?.some(
        m => m.manager === 'aks-traffic' && m.operation === 'Apply',
      ),
    ).toBe(true);
    await eventually(
      () =>
        conditionOf(
          h.cluster.store.get(gatewayType(), 'default', 'httpbin-gateway'),
          'Programmed',
        )?.status === 'True',
    );

    const before = h.cluster.store.currentResourceVersion();
    const again = await submit({ journey: 'route', input: routeInput });
    expect(again.state).toBe('unchanged');
    expect(again.plan.every(p => p.action === 'unchanged')).toBe(true);
    // The snapshot comes from the managed-object watch once it has synced, else from one GET.
    expect(again.roundTrips!.snapshot).toBeLessThanOrEqual(1);
    expect(again.roundTrips).toMatchObject({
      dryRun: 1,
      apply: 0,
    });
    expect(h.cluster.store.currentResourceVersion()).toBe(before);

    const stored = await h.service.get({ id: route.id });
    expect(stored).toMatchObject({
      state: 'applied',
      journey: 'route',
      cluster: 'aks-test',
    });
    expect(stored.plan[0].diff).toContain('+ kind: HTTPRoute');
    const list = await h.service.list({ filter: { state: ['unchanged'] } });
    expect(list.items.map(i => i.id)).toEqual([again.id]);
  });

  it('updates an existing route and shows the diff against live state', async () => {
    await submit({ journey: 'gateway', input: gatewayInput });
    await submit({ journey: 'route', input: routeInput });
    const updated = await submit({
      journey: 'route',
      input: {
        ...routeInput,
        rules: [
          {
            ...routeInput.rules[0],
            matches: [{ path: { type: 'PathPrefix', value: '/status' } }],
          },
        ],
      },
    });
    expect(updated.state).toBe('applied');
    expect(updated.plan[0]).toMatchObject({ action: 'update' });
    expect(updated.plan[0].diff).toMatch(/- +value: \/get/);
    expect(updated.plan[0].diff).toMatch(/\+ +value: \/status/);
  });

  it('dry-run mode validates against the cluster and writes nothing', async () => {
    const before = clusterContent(h.cluster);
    const change = await submit({
      journey: 'gateway',
      input: gatewayInput,
      dryRun: true,
    });
    expect(change.state).toBe('dry-run');
    expect(change.dryRunResult[0]).toMatchObject({
      kind: 'Gateway',
      spec: { gatewayClassName: 'istio' },
    });
    expect(clusterContent(h.cluster)).toEqual(before);
  });

  it('refuses without traffic.change.create and changes nothing', async () => {
    h.permission.allow = false;
    const before = clusterContent(h.cluster);
    await expect(
      submit({ journey: 'gateway', input: gatewayInput }),
    ).rejects.toThrow(NotAllowedError);
    expect(clusterContent(h.cluster)).toEqual(before);
    expect((await h.service.list()).totalCount).toBe(0);
  });

  it('rejects bad journey input with an InputError naming the field, and records the rejection', async () => {
    const error = await submit({
      journey: 'gateway',
      input: { ...gatewayInput, name: 'Bad_Name' },
    }).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/^input\.name: /);
    const [record] = (await h.service.list()).items;
    expect(record).toMatchObject({ state: 'failed' });
    expect(error.message).toContain(record.id);
  });

  describe('preflight', () => {
    it('needs the parent Gateway', async () => {
      await expect(
        submit({ journey: 'route', input: routeInput }),
      ).rejects.toThrow(
        /input\.gateway\.name: Gateway default\/httpbin-gateway does not exist/,
      );
    });

    it('needs the backend Service and port', async () => {
      await submit({ journey: 'gateway', input: gatewayInput });
      const rules = [
        { backends: [{ service: 'nope', port: 8000 }] },
        {
          matches: [{ path: { value: '/x' } }],
          backends: [{ service: 'httpbin', port: 9999 }],
        },
      ];
      const error = await submit({
        journey: 'route',
        input: { ...routeInput, rules },
      }).catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain(
        'input.rules[0].backends[0].service: Service default/nope does not exist',
      );
      expect(error.message).toContain(
        'input.rules[1].backends[0].port: 9999 is not a port of Service default/httpbin: use one of 8000',
      );
    });

    it('needs a listener that admits the route namespace and hostname', async () => {
      await submit({
        journey: 'gateway',
        input: {
          ...gatewayInput,
          listeners: [
            { ...gatewayInput.listeners[0], hostname: '*.example.org' },
          ],
        },
      });
      await expect(
        submit({ journey: 'route', input: routeInput }),
      ).rejects.toThrow(
        /input\.hostnames\[0\]: "httpbin\.example\.com" is outside the listener hostname/,
      );
      h.cluster.store.apply(
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'pets' } },
        { fieldManager: 'kubectl' },
      );
      await expect(
        submit({
          journey: 'route',
          input: {
            ...routeInput,
            namespace: 'pets',
            hostnames: ['a.example.org'],
            gateway: { name: 'httpbin-gateway', namespace: 'default' },
          },
        }),
      ).rejects.toThrow(/input\.namespace: "pets" may not attach routes/);
    });

    it('refuses a hostname + path another route already serves on the same Gateway', async () => {
      await submit({ journey: 'gateway', input: gatewayInput });
      await submit({ journey: 'route', input: routeInput });
      await expect(
        submit({ journey: 'route', input: { ...routeInput, name: 'other' } }),
      ).rejects.toThrow(
        /input\.hostnames\[0\]: "httpbin\.example\.com" with path PathPrefix \/get is already served by HTTPRoute default\/http/,
      );
    });

    it('needs the TLS Secret or a SecretProviderClass that syncs it', async () => {
      const input = {
        ...httpsGatewayInput,
        listeners: [
          {
            ...httpsGatewayInput.listeners[0],
            tls: { certificateRefs: [{ name: 'missing-cert' }] },
          },
        ],
      };
      await expect(submit({ journey: 'gateway', input })).rejects.toThrow(
        /input\.listeners\[0\]\.tls\.certificateRefs\[0\]\.name: Secret default\/missing-cert does not exist/,
      );
      const withKeyVault = await submit({
        journey: 'gateway',
        input: httpsGatewayInput,
      });
      expect(withKeyVault.state).toBe('applied');
    });

    it('needs the egress gateway and a StaticGatewayConfiguration with a prefix', async () => {
      const input = {
        name: 'cnn',
        hosts: ['edition.cnn.com'],
        egressGateway: { name: 'asm-egress-test', revision: 'asm-1-26' },
      };
      await expect(submit({ journey: 'egress', input })).rejects.toThrow(
        /input\.egressGateway\.name: Egress gateway aks-istio-egress\/asm-egress-test does not exist/,
      );
    });
  });

  describe('all or nothing', () => {
    it('restores the cluster when object k of n fails to apply', async () => {
      const before = clusterContent(h.cluster);
      // Fail the Gateway (the last of SecretProviderClass, Deployment, Gateway) only when it is really applied.
      const undo = await h.failRealWrites({ method: 'PATCH', path: '/gateways/httpbin-gateway-tls$', status: 500 });
      try {
        const change = await submit({
          journey: 'gateway',
          input: httpsGatewayInput,
        });
        expect(change.state).toBe('failed');
        expect(change.failedObject).toMatchObject({
          kind: 'Gateway',
          name: 'httpbin-gateway-tls',
        });
        expect(change.message).toMatch(
          /Applying object 3 of 3 \(Gateway default\/httpbin-gateway-tls\) failed: .*injected fault.*2 object\(s\) applied before it were restored/,
        );
      } finally {
        await undo();
      }
      await eventually(
        () =>
          JSON.stringify([...clusterContent(h.cluster)]) ===
          JSON.stringify([...before]),
      );
    });

    it('puts updated objects back to their previous version', async () => {
      await submit({ journey: 'gateway', input: gatewayInput });
      await submit({ journey: 'route', input: routeInput });
      await eventually(
        () =>
          h.cluster.store.get(routeType(), 'default', 'http')?.status?.parents
            ?.length,
      );
      const before = clusterContent(h.cluster);
      // Update the route and add a cross-namespace backend grant ... fail on the route after the grant applied.
      h.addService({ namespace: 'shared', name: 'echo', port: 8080 });
      const withNamespaces = clusterContent(h.cluster);
      const undo = await h.failRealWrites({ method: 'PATCH', path: '/httproutes/http$', status: 503 });
      try {
        const change = await submit({
          journey: 'route',
          input: {
            ...routeInput,
            rules: [
              {
                ...routeInput.rules[0],
                backends: [
                  { service: 'echo', namespace: 'shared', port: 8080 },
                ],
              },
            ],
          },
        });
        expect(change.state).toBe('failed');
        expect(change.plan.map(p => `${p.ref.kind}:${p.action}`)).toEqual([
          'ReferenceGrant:create',
          'HTTPRoute:update',
        ]);
      } finally {
        await undo();
      }
      expect(before.size + 2).toBe(withNamespaces.size);
      expect(clusterContent(h.cluster)).toEqual(withNamespaces);
    });

    it('reports a field manager conflict at dry-run and applies nothing', async () => {
      await submit({ journey: 'gateway', input: gatewayInput });
      h.cluster.store.apply(
        {
          apiVersion: 'gateway.networking.k8s.io/v1',
          kind: 'Gateway',
          metadata: { name: 'httpbin-gateway', namespace: 'default' },
          spec: {
            gatewayClassName: 'istio',
            listeners: [{ name: 'http', protocol: 'HTTP', port: 8080 }],
          },
        },
        { fieldManager: 'kubectl', force: true },
      );
      const before = h.cluster.store.get(
        gatewayType(),
        'default',
        'httpbin-gateway',
      );
      const error = await submit({
        journey: 'gateway',
        input: gatewayInput,
      }).catch(e => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.message).toMatch(
        /Server dry-run on cluster aks-test refused Gateway default\/httpbin-gateway: .*conflict/i,
      );
      expect(
        h.cluster.store.get(gatewayType(), 'default', 'httpbin-gateway')?.spec,
      ).toEqual(before?.spec);
    });
  });

  it('accepts raw objects only of allow-listed kinds, validated against the CRDs', async () => {
    await expect(
      submit({
        objects: [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'x', namespace: 'default' },
          },
        ],
      }),
    ).rejects.toThrow(
      /objects\[0\]\.kind: "ConfigMap" \(v1\) may not be submitted/,
    );
    await expect(
      submit({
        objects: [
          {
            apiVersion: 'gateway.networking.k8s.io/v1',
            kind: 'Gateway',
            metadata: { name: 'g', namespace: 'default' },
            spec: { gatewayClassName: 'istio', listeners: [] },
          },
        ],
      }),
    ).rejects.toThrow(
      /Gateway\.gateway\.networking\.k8s\.io "g" is invalid: spec\.listeners/,
    );
    const ok = await submit({
      objects: [
        {
          apiVersion: 'gateway.networking.k8s.io/v1',
          kind: 'Gateway',
          metadata: { name: 'g', namespace: 'default', resourceVersion: '1' },
          spec: {
            gatewayClassName: 'istio',
            listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }],
          },
        },
      ],
    });
    expect(ok).toMatchObject({ state: 'applied', journey: 'objects' });
    expect(ok.objects[0].metadata.resourceVersion).toBeUndefined();
  });
});

describe('ChangeService approval policy', () => {
  it('holds a change that matches traffic.approvals.rules as pending-approval without applying it', async () => {
    const h = await startHarness({
      policy: new ConfigApprovalPolicy([
        {
          name: 'new-gateway',
          description: 'New Gateways need platform approval',
          kinds: ['Gateway'],
          actions: ['create'],
        },
      ]),
    });
    try {
      const before = clusterContent(h.cluster);
      const change = await h.service.submit({
        body: { cluster: 'aks-test', journey: 'gateway', input: gatewayInput },
        credentials: h.credentials,
      });
      expect(change).toMatchObject({
        state: 'pending-approval',
        policyReasons: [
          'New Gateways need platform approval (create Gateway default/httpbin-gateway)',
        ],
      });
      expect(clusterContent(h.cluster)).toEqual(before);
      const stored = await h.service.get({ id: change.id });
      expect(stored.objects).toHaveLength(1);
      expect(stored.plan[0].diff).toContain('gatewayClassName: istio');
    } finally {
      await h.stop();
    }
  });
});

describe('ChangeService: a Gateway and its routes in one change (also)', () => {
  const newRoute = {
    ...routeInput,
    name: 'web-get',
    gateway: { name: 'web' },
    hostnames: ['web.example.com'],
  };
  const combined = {
    cluster: CLUSTER,
    journey: 'gateway',
    input: { ...gatewayInput, name: 'web' },
    also: [{ journey: 'route', input: newRoute }],
    entityRef: 'component:default/httpbin',
  };

  it('builds, preflights and applies the Gateway and the route together, in apply order, recording the whole input', async () => {
    const h = await startHarness();
    try {
      const change = await h.service.submit({
        body: combined,
        credentials: h.credentials,
      });
      expect(change.state).toBe('applied');
      expect(change.journey).toBe('gateway');
      expect(change.objectRefs.map(r => `${r.kind} ${r.name}`)).toEqual([
        'Gateway web',
        'HTTPRoute web-get',
      ]);
      const stored = await h.service.get({ id: change.id });
      expect(stored.input).toEqual({
        ...combined.input,
        also: combined.also,
      });
      const gateways = h.cluster.store.resourceFor(
        'gateway.networking.k8s.io/v1',
        'Gateway',
      )!;
      const routes = h.cluster.store.resourceFor(
        'gateway.networking.k8s.io/v1',
        'HTTPRoute',
      )!;
      expect(h.cluster.store.get(gateways, 'default', 'web')).toBeDefined();
      expect(h.cluster.store.get(routes, 'default', 'web-get')).toBeDefined();
      expect(
        (await h.service.submit({ body: combined, credentials: h.credentials }))
          .state,
      ).toBe('unchanged');
    } finally {
      await h.stop();
    }
  });

  it('names the also input in errors, and refuses also without a journey or with egress', async () => {
    const h = await startHarness();
    try {
      const before = clusterContent(h.cluster);
      const submitBody = (body: object) =>
        h.service.submit({ body, credentials: h.credentials });
      await expect(
        submitBody({
          ...combined,
          also: [
            { journey: 'route', input: { ...newRoute, hostnames: ['-bad-'] } },
          ],
        }),
      ).rejects.toThrow(/also\[0\]\.input\.hostnames\[0\]/);
      await expect(
        submitBody({
          ...combined,
          also: [
            {
              journey: 'route',
              input: { ...newRoute, gateway: { name: 'missing' } },
            },
          ],
        }),
      ).rejects.toThrow(/Preflight[\s\S]*also\[0\]\.input\.gateway/);
      await expect(
        submitBody({
          cluster: CLUSTER,
          objects: [],
          also: combined.also,
        }),
      ).rejects.toThrow(/also is only used with journey/);
      await expect(
        submitBody({ ...combined, also: [{ journey: 'egress', input: {} }] }),
      ).rejects.toThrow(InputError);
      await expect(
        submitBody({
          ...combined,
          also: Array.from({ length: 11 }, () => combined.also[0]),
        }),
      ).rejects.toThrow(/also/);
      expect(clusterContent(h.cluster)).toEqual(before);
    } finally {
      await h.stop();
    }
  });

  it('with newGateway approval the change is pending with both objects, and approving applies both', async () => {
    const world = await startWorld({ database: 'sqlite' });
    try {
      const backend = await world.startInstance({
        approvals: { require: { newGateway: true }, notify: [APPROVER_GROUP] },
      });
      const before = clusterContent(world.cluster);
      const submitted = await request(backend.app)
        .post('/changes')
        .set('Authorization', mockCredentials.user.header(REQUESTER))
        .send(combined);
      expect(submitted.status).toBe(201);
      expect(submitted.body).toMatchObject({
        state: 'pending-approval',
        objectRefs: [
          expect.objectContaining({ kind: 'Gateway', name: 'web' }),
          expect.objectContaining({ kind: 'HTTPRoute', name: 'web-get' }),
        ],
      });
      expect(clusterContent(world.cluster)).toEqual(before);

      const approved = await request(backend.app)
        .post(`/changes/${submitted.body.id}/approve`)
        .set('Authorization', mockCredentials.user.header(APPROVER))
        .send({});
      expect(approved.status).toBe(200);
      expect(approved.body.state).toBe('applied');
      const store = world.cluster.store;
      const gateways = store.resourceFor(
        'gateway.networking.k8s.io/v1',
        'Gateway',
      )!;
      const routes = store.resourceFor(
        'gateway.networking.k8s.io/v1',
        'HTTPRoute',
      )!;
      expect(store.get(gateways, 'default', 'web')).toBeDefined();
      await eventually(
        () =>
          store
            .get(routes, 'default', 'web-get')
            ?.status?.parents?.[0]?.conditions?.find(
              (c: any) => c.type === 'Accepted',
            )?.status === 'True',
      );
    } finally {
      await world.stop();
    }
  });
});
