import { PatchStrategy } from '@kubernetes/client-node';
import { startAksSim, type AksSim } from './startAksSim';
import { clientsFor, statusOf } from './__testUtils__/clients';

const gateway = (listeners: object[], extra: object = {}) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name: 'web', namespace: 'default', ...extra },
  spec: { gatewayClassName: 'istio', listeners },
});

describe('server-side apply and patches through client-node', () => {
  let sim: AksSim;
  let clients: ReturnType<typeof clientsFor>;
  const apply = (body: any, manager: string, force?: boolean, dryRun?: string) =>
    clients.objects.patch(body, undefined, dryRun, manager, force, PatchStrategy.ServerSideApply);

  beforeAll(async () => {
    sim = await startAksSim({ controllers: false });
    clients = clientsFor(sim.clusters[0]);
  });
  afterAll(() => sim.stop());

  it('creates on apply, applies CRD defaults and records field ownership', async () => {
    const created: any = await apply(gateway([{ name: 'http', port: 80, protocol: 'HTTP' }]), 'team-a');
    expect(created.metadata.generation).toBe(1);
    // Defaulted by the CRD schema (allowedRoutes.namespaces.from: Same).
    expect(created.spec.listeners[0].allowedRoutes).toEqual({ namespaces: { from: 'Same' } });
    const entry = created.metadata.managedFields.find((m: any) => m.manager === 'team-a');
    expect(entry).toMatchObject({ operation: 'Apply', fieldsType: 'FieldsV1' });
    expect(entry.fieldsV1['f:spec']['f:listeners']['k:{"name":"http"}']).toEqual({ '.': {}, 'f:name': {}, 'f:port': {}, 'f:protocol': {} });
  });

  it('merges listeners of two managers and reports conflicts naming field and manager', async () => {
    const both: any = await apply(gateway([{ name: 'https', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'cert' }] } }]), 'team-b');
    expect(both.spec.listeners.map((l: any) => l.name)).toEqual(['http', 'https']);
    expect(both.metadata.generation).toBe(2);

    const conflicting = await statusOf(apply(gateway([{ name: 'http', port: 8080, protocol: 'HTTP' }]), 'team-b'));
    expect(conflicting.code).toBe(409);
    expect(conflicting.body.reason).toBe('Conflict');
    expect(conflicting.body.message).toContain('conflict with "team-a"');
    expect(conflicting.body.details.causes).toEqual(
      expect.arrayContaining([expect.objectContaining({ reason: 'FieldManagerConflict', field: '.spec.listeners[name="http"].port' })]),
    );
  });

  it('takes ownership with force and removes fields a manager stops applying', async () => {
    const forced: any = await apply(gateway([
      { name: 'https', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'cert' }] } },
      { name: 'http', port: 8080, protocol: 'HTTP' },
    ]), 'team-b', true);
    expect(forced.spec.listeners.find((l: any) => l.name === 'http').port).toBe(8080);
    const teamA = forced.metadata.managedFields.find((m: any) => m.manager === 'team-a');
    expect(teamA.fieldsV1['f:spec']['f:listeners']['k:{"name":"http"}']['f:port']).toBeUndefined();

    // team-b drops the https listener it alone owns: it disappears; http stays (team-a still co-owns it).
    const dropped: any = await apply(gateway([{ name: 'http', port: 8080, protocol: 'HTTP' }]), 'team-b');
    expect(dropped.spec.listeners.map((l: any) => l.name)).toEqual(['http']);
  });

  it('removes a label its only manager no longer applies', async () => {
    const labelled = await apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'labels', namespace: 'default', labels: { a: '1', b: '2' } } }, 'labeller');
    expect(labelled.metadata?.labels).toEqual({ a: '1', b: '2' });
    const trimmed = await apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'labels', namespace: 'default', labels: { a: '1' } } }, 'labeller');
    expect(trimmed.metadata?.labels).toEqual({ a: '1' });
  });

  it('requires a field manager and rejects invalid objects with 422 causes', async () => {
    const response = await fetch(`${sim.clusters[0].url}/api/v1/namespaces/default/configmaps/x`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${sim.clusters[0].token}`, 'content-type': 'application/apply-patch+yaml' },
      body: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    });
    expect(response.status).toBe(400);
    const invalid = await statusOf(apply(gateway([{ name: 'Bad Name', port: 80, protocol: 'HTTP' }]), 'team-a'));
    expect(invalid.code).toBe(422);
    expect(invalid.body.details.causes.some((c: any) => String(c.field).includes('listeners'))).toBe(true);
  });

  it('accepts YAML apply bodies', async () => {
    const response = await fetch(`${sim.clusters[0].url}/api/v1/namespaces/default/configmaps/from-yaml?fieldManager=kubectl`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${sim.clusters[0].token}`, 'content-type': 'application/apply-patch+yaml' },
      body: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  key: value\n',
    });
    expect(response.status).toBe(201);
    expect((await response.json()).data).toEqual({ key: 'value' });
  });

  it('dry-run apply validates and answers without storing', async () => {
    const dry: any = await apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dry-apply', namespace: 'default' }, data: { a: 'b' } }, 'dry', undefined, 'All');
    expect(dry.data).toEqual({ a: 'b' });
    expect((await statusOf(clients.core.readNamespacedConfigMap({ namespace: 'default', name: 'dry-apply' }))).code).toBe(404);
  });

  it('applies JSON merge patches and JSON patches', async () => {
    await clients.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'patched' }, data: { a: '1', b: '2' } } });
    const merged = await clients.objects.patch({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'patched', namespace: 'default' }, data: { a: null, c: '3' } } as any, undefined, undefined, 'merger', undefined, PatchStrategy.MergePatch);
    expect((merged as any).data).toEqual({ b: '2', c: '3' });
    const jsonPatched = await clients.core.patchNamespacedConfigMap(
      { namespace: 'default', name: 'patched', body: [{ op: 'add', path: '/data/d', value: '4' }, { op: 'remove', path: '/data/b' }] },
    );
    expect(jsonPatched.data).toEqual({ c: '3', d: '4' });
    const failedTest = await statusOf(clients.core.patchNamespacedConfigMap({ namespace: 'default', name: 'patched', body: [{ op: 'test', path: '/data/c', value: 'nope' }] }));
    expect(failedTest.code).toBe(422);
  });

  it('merges container lists by name in strategic merge patches', async () => {
    await clients.apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'app' },
        spec: {
          selector: { matchLabels: { app: 'app' } },
          template: { metadata: { labels: { app: 'app' } }, spec: { containers: [{ name: 'main', image: 'nginx:1' }, { name: 'sidecar', image: 'proxy:1' }] } },
        },
      },
    });
    const patched = await clients.objects.patch({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app', namespace: 'default' }, spec: { template: { spec: { containers: [{ name: 'main', image: 'nginx:2' }] } } } } as any);
    expect((patched as any).spec.template.spec.containers.map((c: any) => `${c.name}=${c.image}`)).toEqual(['main=nginx:2', 'sidecar=proxy:1']);
    expect((patched as any).metadata.generation).toBe(2);
  });

  it('keeps status and spec writes apart and bumps generation only on spec changes', async () => {
    const created: any = await apply(gateway([{ name: 'http', port: 80, protocol: 'HTTP' }], { name: 'status-gw' }), 'owner');
    expect(created.status?.conditions?.[0]?.reason).toBe('Pending'); // the CRD's status default
    const withStatus: any = await clients.custom.patchNamespacedCustomObjectStatus(
      { group: 'gateway.networking.k8s.io', version: 'v1', namespace: 'default', plural: 'gateways', name: 'status-gw', body: [{ op: 'replace', path: '/status/conditions/0/reason', value: 'Accepted' }, { op: 'replace', path: '/spec/gatewayClassName', value: 'ignored' }] },
    );
    expect(withStatus.status.conditions[0].reason).toBe('Accepted');
    expect(withStatus.spec.gatewayClassName).toBe('istio');
    expect(withStatus.metadata.generation).toBe(1);

    const labelled: any = await clients.custom.patchNamespacedCustomObject(
      { group: 'gateway.networking.k8s.io', version: 'v1', namespace: 'default', plural: 'gateways', name: 'status-gw', body: [{ op: 'add', path: '/metadata/labels', value: { a: 'b' } }, { op: 'replace', path: '/status/conditions/0/reason', value: 'Ignored' }] },
    );
    expect(labelled.metadata.generation).toBe(1);
    expect(labelled.status.conditions[0].reason).toBe('Accepted');
    const respec: any = await apply(gateway([{ name: 'http', port: 81, protocol: 'HTTP' }], { name: 'status-gw' }), 'owner');
    expect(respec.metadata.generation).toBe(2);
  });
});
