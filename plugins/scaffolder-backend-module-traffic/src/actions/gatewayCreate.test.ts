import { InputError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import yaml from 'js-yaml';
import fs from 'node:fs';
import path from 'node:path';
import {
  actionContext,
  recordingHandlers,
  strictMswServer,
  testActions,
} from './__testUtils__/actionTestUtils';

describe('traffic:gateway:create', () => {
  const server = strictMswServer();
  registerMswTestHooks(server);
  const action = testActions()['traffic:gateway:create'];
  const base = {
    cluster: 'aks-prod-weu',
    name: 'httpbin-gateway',
    listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }],
  };

  it('writes one file per object into the workspace and outputs manifests and refs', async () => {
    const { ctx, outputs } = actionContext({
      ...base,
      path: 'gitops/gateways',
    });
    await action.handler(ctx);
    const file = path.join(
      ctx.workspacePath,
      'gitops/gateways/gateway-default-httpbin-gateway.yaml',
    );
    expect(yaml.load(fs.readFileSync(file, 'utf8'))).toMatchObject({
      kind: 'Gateway',
      spec: { gatewayClassName: 'istio' },
    });
    expect(outputs.objectRefs).toEqual([
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        namespace: 'default',
        name: 'httpbin-gateway',
      },
    ]);
    expect(outputs.manifests).toContain('kind: Gateway');
    expect(outputs.changeId).toBeUndefined();
  });

  it('writes one multi-document file when the path ends in .yaml', async () => {
    const input = {
      ...base,
      path: 'tls.yaml',
      listeners: [
        {
          name: 'https',
          protocol: 'HTTPS',
          hostname: 'httpbin.example.com',
          tls: {
            certificateRefs: [{ name: 'httpbin-credential' }],
            keyVault: {
              keyVaultName: 'kv-apps-prod',
              tenantId: '11111111-2222-3333-4444-555555555555',
              identity: { clientId: '66666666-7777-8888-9999-000000000000' },
              objects: {
                keySecretName: 'test-httpbin-key',
                certSecretName: 'test-httpbin-crt',
              },
            },
          },
        },
      ],
    };
    const { ctx, outputs } = actionContext(input);
    await action.handler(ctx);
    const docs = yaml.loadAll(
      fs.readFileSync(path.join(ctx.workspacePath, 'tls.yaml'), 'utf8'),
    ) as any[];
    expect(docs.map(d => d.kind)).toEqual([
      'SecretProviderClass',
      'Deployment',
      'Gateway',
    ]);
    expect(outputs.warnings.join(' ')).toContain('Key Vault Secrets User');
  });

  it("applies through the traffic backend as the initiating user, with the cluster's Gateway API version", async () => {
    const { requests, handlers } = recordingHandlers();
    server.use(...handlers);
    const { ctx, outputs } = actionContext({
      ...base,
      delivery: 'apply',
      entityRef: 'component:default/httpbin',
      reason: 'demo',
    });
    await action.handler(ctx);
    expect(requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'GET /clusters',
      'POST /changes',
    ]);
    expect(requests[1].authorization).toMatch(/^Bearer /);
    expect(requests[1].authorization).toContain('user:default/mock');
    expect(requests[1].body).toEqual({
      cluster: 'aks-prod-weu',
      journey: 'gateway',
      input: base,
      entityRef: 'component:default/httpbin',
      reason: 'demo',
    });
    expect(outputs).toMatchObject({
      changeId: 'change-1',
      changeState: 'applied',
    });
    expect(outputs.links).toEqual([
      {
        title: 'Traffic tab',
        url: '/catalog/default/component/httpbin/traffic',
        icon: 'kind:component',
      },
    ]);
  });

  it('submits dryRun in a scaffolder dry run, and links the approval request of a pending change', async () => {
    const { requests, handlers } = recordingHandlers({
      change: body =>
        body.dryRun
          ? { id: 'c2', state: 'dry-run', message: 'ok' }
          : {
              id: 'c3',
              state: 'pending-approval',
              message: 'waits',
              approvalUrl: 'http://localhost:3000/traffic-approvals?change=c3',
            },
    });
    server.use(...handlers);
    const dry = actionContext(
      { ...base, delivery: 'apply' },
      { isDryRun: true },
    );
    await action.handler(dry.ctx);
    expect(requests[1].body.dryRun).toBe(true);
    expect(dry.outputs.changeState).toBe('dry-run');
    const pending = actionContext({ ...base, delivery: 'apply' });
    await action.handler(pending.ctx);
    expect(pending.outputs.links).toEqual([
      {
        title: 'Approval request',
        url: 'http://localhost:3000/traffic-approvals?change=c3',
      },
    ]);
  });

  it('fails the step when the backend reports a failed change, and maps backend errors', async () => {
    const { handlers } = recordingHandlers({
      change: () => ({
        id: 'c4',
        state: 'failed',
        message: 'Applying object 1 of 1 failed',
      }),
    });
    server.use(...handlers);
    await expect(
      action.handler(actionContext({ ...base, delivery: 'apply' }).ctx),
    ).rejects.toThrow('Change c4 failed: Applying object 1 of 1 failed');
  });

  it('refuses a cluster the backend does not know', async () => {
    const { handlers } = recordingHandlers({ clusters: [{ name: 'other' }] });
    server.use(...handlers);
    await expect(
      action.handler(actionContext({ ...base, delivery: 'apply' }).ctx),
    ).rejects.toThrow(/^cluster: "aks-prod-weu" is not configured/);
  });

  it.each([
    [{ ...base, name: 'Bad_Name' }, /^name: /],
    [
      {
        ...base,
        listeners: [
          {
            name: 'tls',
            protocol: 'TLS',
            port: 443,
            tls: { mode: 'Passthrough' },
          },
        ],
      },
      /listeners\[0\]\.protocol: .*v1\.5\.1/,
    ],
    [
      {
        ...base,
        customization: { horizontalPodAutoscaler: { minReplicas: 1 } },
      },
      /customization\.horizontalPodAutoscaler\.minReplicas/,
    ],
    [{ ...base, delivery: 'ftp' }, /^delivery: /],
    [{ ...base, path: '../../etc' }, /^path: .*outside the workspace/],
    [{ ...base, path: '/etc/passwd.yaml' }, /^path: /],
    [{ ...base, gatewayApiVersion: 'v9' }, /^gatewayApiVersion: /],
    [{ ...base, entityRef: 'httpbin' }, /^entityRef: /],
    [{ ...base, extra: 1 }, /^extra: is not a known field/],
    [{ ...base, name: 'x\n---\nkind: Secret' }, /^name: /],
    [
      {
        ...base,
        listeners: [
          { name: 'http', hostname: 'a.example.com\n---\napiVersion: v1' },
        ],
      },
      /^listeners\[0\]\.hostname: /,
    ],
    [
      {
        ...base,
        infrastructure: {
          annotations: {
            'example.com/note': 'x\n---\napiVersion: v1\nkind: Secret',
          },
        },
      },
      /^infrastructure\.annotations/,
    ],
    [
      {
        ...base,
        listeners: [
          {
            name: 'http',
            allowedRoutes: { from: 'Selector', selector: { 'a\nkind': 'b' } },
          },
        ],
      },
      /^listeners\[0\]\.allowedRoutes\.selector/,
    ],
  ])(
    'rejects %j with an InputError naming the field',
    async (input, message) => {
      const error = await action
        .handler(actionContext(input as any).ctx)
        .catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toMatch(message);
    },
  );

  it('keeps YAML-looking text inside one string value (no injected objects)', async () => {
    const { ctx, outputs } = actionContext({
      ...base,
      infrastructure: {
        annotations: { 'example.com/note': 'a: b --- kind: Secret {x: y}' },
      },
    });
    await action.handler(ctx);
    const docs = yaml.loadAll(outputs.manifests) as any[];
    expect(docs).toHaveLength(1);
    expect(docs[0].spec.infrastructure.annotations['example.com/note']).toBe(
      'a: b --- kind: Secret {x: y}',
    );
  });

  describe('routes: the Gateway and its routes in one change', () => {
    const route = {
      name: 'http',
      hostnames: ['httpbin.example.com'],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/get' } }],
          backends: [{ service: 'httpbin', port: 8000 }],
        },
      ],
    };
    const withRoutes = {
      ...base,
      listeners: [{ ...base.listeners[0], allowedRoutes: { from: 'Same' } }],
    };

    it('files: writes the Gateway and the route (parent defaulted to the new Gateway) in apply order', async () => {
      const { ctx, outputs } = actionContext({
        ...withRoutes,
        path: 'all.yaml',
        routes: [
          route,
          { ...route, name: 'headers', gateway: { sectionName: 'http' } },
        ],
      });
      await action.handler(ctx);
      const docs = yaml.loadAll(outputs.manifests) as any[];
      expect(docs.map(d => `${d.kind} ${d.metadata.name}`)).toEqual([
        'Gateway httpbin-gateway',
        'HTTPRoute http',
        'HTTPRoute headers',
      ]);
      expect(docs[1].spec.parentRefs).toEqual([{ name: 'httpbin-gateway' }]);
      expect(docs[2].spec.parentRefs).toEqual([
        { name: 'httpbin-gateway', sectionName: 'http' },
      ]);
      expect(outputs.objectRefs).toHaveLength(3);
    });

    it('names the parent namespace when the route lives elsewhere', async () => {
      const { ctx, outputs } = actionContext({
        ...base,
        namespace: 'ingress',
        listeners: [{ ...base.listeners[0], allowedRoutes: { from: 'All' } }],
        routes: [{ ...route, namespace: 'apps' }],
      });
      await action.handler(ctx);
      const docs = yaml.loadAll(outputs.manifests) as any[];
      expect(docs[1].spec.parentRefs).toEqual([
        { name: 'httpbin-gateway', namespace: 'ingress' },
      ]);
    });

    it('apply: sends the routes as also in the one change', async () => {
      const { requests, handlers } = recordingHandlers();
      server.use(...handlers);
      const { ctx, outputs } = actionContext({
        ...withRoutes,
        delivery: 'apply',
        routes: [route],
      });
      await action.handler(ctx);
      expect(requests.map(r => r.path)).toEqual(['/clusters', '/changes']);
      expect(requests[1].body).toEqual({
        cluster: 'aks-prod-weu',
        journey: 'gateway',
        input: {
          cluster: 'aks-prod-weu',
          name: 'httpbin-gateway',
          listeners: withRoutes.listeners,
        },
        also: [
          {
            journey: 'route',
            input: {
              ...route,
              cluster: 'aks-prod-weu',
              gateway: { name: 'httpbin-gateway' },
            },
          },
        ],
      });
      expect(outputs.changeState).toBe('applied');
      expect(outputs.objectRefs.map((r: any) => r.kind)).toEqual([
        'Gateway',
        'HTTPRoute',
      ]);
    });

    it('names the route field in errors (common route parser and attachment rules) and calls nothing', async () => {
      const { requests, handlers } = recordingHandlers();
      server.use(...handlers);
      const run = (routes: unknown) =>
        action.handler(
          actionContext({ ...withRoutes, delivery: 'apply', routes }).ctx,
        );
      await expect(
        run([route, { ...route, hostnames: ['-bad-'] }]),
      ).rejects.toThrow(/routes\[1\]\.hostnames\[0\]/);
      await expect(run([{ ...route, rules: undefined }])).rejects.toThrow(
        /routes\[0\]\.rules/,
      );
      await expect(
        run([{ ...route, cluster: 'other', delivery: 'files' }]),
      ).rejects.toThrow(/routes\[0\]\.cluster[\s\S]*routes\[0\]\.delivery/);
      await expect(run('http')).rejects.toThrow(/routes: must be a list/);
      await expect(
        run(
          Array.from({ length: 11 }, (_, i) => ({ ...route, name: `r${i}` })),
        ),
      ).rejects.toThrow(/routes: has 11 items/);
      await expect(run([{ ...route, namespace: 'other' }])).rejects.toThrow(
        InputError,
      );
      expect(requests.filter(r => r.path === '/changes')).toEqual([]);
    });
  });
});
