import { startAksSim, type AksSim } from './startAksSim';
import { clientsFor, eventually, statusOf } from './__testUtils__/clients';

describe('aks-sim REST API through client-node', () => {
  let sim: AksSim;
  let clients: ReturnType<typeof clientsFor>;

  beforeAll(async () => {
    sim = await startAksSim({ clusters: 1, controllers: false });
    clients = clientsFor(sim.clusters[0]);
  });
  afterAll(() => sim.stop());

  it('serves version, discovery and the initial namespaces', async () => {
    const version = await fetch(`${sim.clusters[0].url}/version`).then(r => r.json());
    expect(version).toMatchObject({ major: '1', minor: '33' });
    const namespaces = await clients.core.listNamespace();
    expect(namespaces.items.map(n => n.metadata?.name)).toEqual(expect.arrayContaining(['default', 'kube-system', 'aks-istio-system', 'aks-istio-ingress', 'aks-istio-egress']));
    const resources = await clients.core.getAPIResources();
    expect(resources.resources.find(r => r.name === 'services')).toMatchObject({ kind: 'Service', namespaced: true, shortNames: ['svc'] });
    expect(resources.resources.find(r => r.name === 'services/status')).toBeDefined();
  });

  it('rejects requests without the bearer token with a 401 Status', async () => {
    const response = await fetch(`${sim.clusters[0].url}/api/v1/namespaces`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 });
  });

  it('creates, reads, replaces and deletes a ConfigMap', async () => {
    const created = await clients.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'settings', labels: { app: 'demo' } }, data: { a: '1' } } });
    expect(created.metadata?.uid).toMatch(/[0-9a-f-]{36}/);
    expect(Number(created.metadata?.resourceVersion)).toBeGreaterThan(0);
    expect(created.metadata?.managedFields?.[0]).toMatchObject({ operation: 'Update', fieldsType: 'FieldsV1' });
    const read = await clients.core.readNamespacedConfigMap({ namespace: 'default', name: 'settings' });
    expect(read.data).toEqual({ a: '1' });

    const replaced = await clients.core.replaceNamespacedConfigMap({ namespace: 'default', name: 'settings', body: { ...read, data: { a: '2' } } });
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(Number(read.metadata?.resourceVersion));

    const stale = await statusOf(clients.core.replaceNamespacedConfigMap({ namespace: 'default', name: 'settings', body: { ...read, data: { a: '3' } } }));
    expect(stale.code).toBe(409);
    expect(stale.body).toMatchObject({ reason: 'Conflict', details: { name: 'settings', kind: 'configmaps' } });

    const duplicate = await statusOf(clients.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'settings' } } }));
    expect(duplicate).toMatchObject({ code: 409, body: { reason: 'AlreadyExists' } });

    await clients.core.deleteNamespacedConfigMap({ namespace: 'default', name: 'settings' });
    const gone = await statusOf(clients.core.readNamespacedConfigMap({ namespace: 'default', name: 'settings' }));
    expect(gone).toMatchObject({ code: 404, body: { reason: 'NotFound', message: 'configmaps "settings" not found' } });
  });

  it('refuses writes into a namespace that does not exist', async () => {
    const missing = await statusOf(clients.core.createNamespacedConfigMap({ namespace: 'nowhere', body: { metadata: { name: 'x' } } }));
    expect(missing).toMatchObject({ code: 404, body: { reason: 'NotFound', details: { kind: 'namespaces', name: 'nowhere' } } });
  });

  it('names objects from generateName and validates names', async () => {
    const generated = await clients.core.createNamespacedSecret({ namespace: 'default', body: { metadata: { generateName: 'token-' }, stringData: { key: 'v' } } });
    expect(generated.metadata?.name).toMatch(/^token-[a-z0-9]{5}$/);
    expect(generated.type).toBe('Opaque');
    expect(generated.data).toEqual({ key: Buffer.from('v').toString('base64') });
    const invalid = await statusOf(clients.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'Not_Valid' } } }));
    expect(invalid).toMatchObject({ code: 422, body: { reason: 'Invalid', details: { causes: [{ field: 'metadata.name', reason: 'FieldValueInvalid' }] } } });
  });

  it('keeps a Secret type immutable and requires Service ports', async () => {
    await clients.core.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 'typed' }, type: 'Opaque', data: {} } });
    const read = await clients.core.readNamespacedSecret({ namespace: 'default', name: 'typed' });
    const changed = await statusOf(clients.core.replaceNamespacedSecret({ namespace: 'default', name: 'typed', body: { ...read, type: 'kubernetes.io/dockerconfigjson' } }));
    expect(changed).toMatchObject({ code: 422, body: { details: { causes: [{ field: 'type' }] } } });
    const portless = await statusOf(clients.core.createNamespacedService({ namespace: 'default', body: { metadata: { name: 'portless' }, spec: { selector: { app: 'x' } } } }));
    expect(portless).toMatchObject({ code: 422, body: { message: 'Service "portless" is invalid: spec.ports: Required value' } });
  });

  it('lists with label selectors, field selectors and pages', async () => {
    for (let i = 0; i < 7; i++) {
      await clients.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: `page-${i}`, labels: { tier: i % 2 ? 'odd' : 'even', idx: String(i) } } } });
    }
    const odd = await clients.core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'tier=odd' });
    expect(odd.items.map(i => i.metadata?.name)).toEqual(['page-1', 'page-3', 'page-5']);
    const setBased = await clients.core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'tier in (even),idx notin (0,2),!missing' });
    expect(setBased.items.map(i => i.metadata?.name)).toEqual(['page-4', 'page-6']);
    const byName = await clients.core.listConfigMapForAllNamespaces({ fieldSelector: 'metadata.name=page-2,metadata.namespace=default' });
    expect(byName.items).toHaveLength(1);
    const unsupported = await statusOf(clients.core.listNamespacedConfigMap({ namespace: 'default', fieldSelector: 'data.a=1' }));
    expect(unsupported).toMatchObject({ code: 400, body: { reason: 'BadRequest' } });

    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await clients.core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'tier', limit: 3, _continue: token });
      names.push(...page.items.map(i => i.metadata!.name!));
      token = page.metadata?._continue;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(names).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4', 'page-5', 'page-6']);
  });

  it('honours DELETE preconditions (uid, resourceVersion), in dry runs too', async () => {
    const created = await clients.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'guarded' }, data: { a: '1' } } });
    const { uid, resourceVersion } = created.metadata!;
    const staleVersion = await statusOf(
      clients.core.deleteNamespacedConfigMap({ namespace: 'default', name: 'guarded', body: { preconditions: { resourceVersion: '1' } } }),
    );
    expect(staleVersion).toMatchObject({ code: 409, body: { reason: 'Conflict' } });
    expect(staleVersion.body.message).toBe(
      `Operation cannot be fulfilled on configmaps "guarded": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: ${resourceVersion}`,
    );
    const otherUid = await statusOf(
      clients.core.deleteNamespacedConfigMap({ namespace: 'default', name: 'guarded', dryRun: 'All', body: { preconditions: { uid: 'another' } } }),
    );
    expect(otherUid).toMatchObject({ code: 409, body: { reason: 'Conflict' } });
    await clients.core.deleteNamespacedConfigMap({ namespace: 'default', name: 'guarded', body: { preconditions: { uid, resourceVersion } } });
    expect(await statusOf(clients.core.readNamespacedConfigMap({ namespace: 'default', name: 'guarded' }))).toMatchObject({ code: 404 });
  });

  it('deletes dependents by ownerReference and a namespace with its contents', async () => {
    await clients.core.createNamespace({ body: { metadata: { name: 'gc' } } });
    const owner = await clients.core.createNamespacedConfigMap({ namespace: 'gc', body: { metadata: { name: 'owner' } } });
    await clients.core.createNamespacedSecret({
      namespace: 'gc',
      body: { metadata: { name: 'dependent', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata!.uid! }] } },
    });
    await clients.core.deleteNamespacedConfigMap({ namespace: 'gc', name: 'owner' });
    await eventually(async () => (await statusOf(clients.core.readNamespacedSecret({ namespace: 'gc', name: 'dependent' }))).code === 404);

    await clients.core.createNamespacedConfigMap({ namespace: 'gc', body: { metadata: { name: 'leftover' } } });
    // Namespace cleanup runs in the background: DELETE answers with the namespace, now Terminating.
    const { url, token } = sim.clusters[0];
    const response = await fetch(`${url}/api/v1/namespaces/gc`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(await response.json()).toMatchObject({ kind: 'Namespace', metadata: { deletionTimestamp: expect.any(String) }, status: { phase: 'Terminating' } });
    await eventually(async () => (await statusOf(clients.core.readNamespace({ name: 'gc' }))).code === 404);
    const leftovers = await clients.core.listConfigMapForAllNamespaces({ fieldSelector: 'metadata.namespace=gc' });
    expect(leftovers.items).toHaveLength(0);
  });

  it('holds deletion until the finalizers are removed', async () => {
    await clients.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'finalized', finalizers: ['example.com/hold'] } } });
    await clients.core.deleteNamespacedConfigMap({ namespace: 'default', name: 'finalized' });
    const held = await clients.core.readNamespacedConfigMap({ namespace: 'default', name: 'finalized' });
    expect(held.metadata?.deletionTimestamp).toBeDefined();
    await clients.core.patchNamespacedConfigMap({ namespace: 'default', name: 'finalized', body: [{ op: 'remove', path: '/metadata/finalizers' }] });
    expect((await statusOf(clients.core.readNamespacedConfigMap({ namespace: 'default', name: 'finalized' }))).code).toBe(404);
  });

  it('answers dry-run writes without storing anything', async () => {
    const dry = await clients.core.createNamespacedConfigMap({ namespace: 'default', dryRun: 'All', body: { metadata: { name: 'dry' }, data: { x: 'y' } } });
    expect(dry.metadata?.uid).toBeDefined();
    expect(dry.metadata?.resourceVersion).toBeUndefined();
    expect((await statusOf(clients.core.readNamespacedConfigMap({ namespace: 'default', name: 'dry' }))).code).toBe(404);
    const invalid = await statusOf(clients.core.createNamespacedConfigMap({ namespace: 'default', dryRun: 'All', body: { metadata: { name: 'BAD' } } }));
    expect(invalid.code).toBe(422);
  });

  it('serves the CRDs with the Gateway API bundle version annotation', async () => {
    const crd = await clients.objects.read({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'gateways.gateway.networking.k8s.io' } });
    expect(crd.metadata?.annotations?.['gateway.networking.k8s.io/bundle-version']).toBe('v1.2.1');
  });
});
