import { makeInformer, Watch, type V1ConfigMap } from '@kubernetes/client-node';
import { startAksSim, type AksSim } from '../sim/startAksSim';
import { clientsFor, eventually } from '../sim/__testUtils__/clients';

interface Received {
  type: string;
  name?: string;
  resourceVersion?: string;
  object: any;
}

/** Starts a client-node watch and collects what it receives. */
async function collect(watch: Watch, path: string, query: Record<string, string | number | boolean | undefined>) {
  const events: Received[] = [];
  let doneWith: unknown = 'open';
  const controller = await watch.watch(
    path,
    query,
    (type, object) => events.push({ type, name: object?.metadata?.name, resourceVersion: object?.metadata?.resourceVersion, object }),
    err => {
      doneWith = err ?? null;
    },
  );
  return { events, controller, done: () => doneWith };
}

describe('watch through client-node', () => {
  let sim: AksSim;
  let clients: ReturnType<typeof clientsFor>;
  let watch: Watch;
  const path = '/api/v1/namespaces/default/configmaps';

  beforeAll(async () => {
    sim = await startAksSim({ controllers: false, watchHistorySize: 50, bookmarkIntervalMs: 50 });
    clients = clientsFor(sim.clusters[0]);
    watch = new Watch(clients.kc);
  });
  afterAll(() => sim.stop());

  it('delivers ADDED, MODIFIED and DELETED in order, then resumes from a resourceVersion', async () => {
    const start = (await clients.core.listNamespacedConfigMap({ namespace: 'default' })).metadata!.resourceVersion!;
    const first = await collect(watch, path, { resourceVersion: start });
    await clients.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'w1' } } });
    await clients.core.patchNamespacedConfigMap({ namespace: 'default', name: 'w1', body: [{ op: 'add', path: '/data', value: { a: 'b' } }] });
    await clients.core.deleteNamespacedConfigMap({ namespace: 'default', name: 'w1' });
    await eventually(() => first.events.length === 3);
    expect(first.events.map(e => `${e.type}:${e.name}`)).toEqual(['ADDED:w1', 'MODIFIED:w1', 'DELETED:w1']);
    const versions = first.events.map(e => Number(e.resourceVersion));
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    first.controller.abort();

    // Resuming after the first event replays the later ones only.
    const resumed = await collect(watch, path, { resourceVersion: first.events[0].resourceVersion });
    await eventually(() => resumed.events.length === 2);
    expect(resumed.events.map(e => e.type)).toEqual(['MODIFIED', 'DELETED']);
    resumed.controller.abort();
  });

  it('starts with synthetic ADDED events when no resourceVersion is given', async () => {
    await clients.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'existing', labels: { watch: 'me' } } } });
    const fromNow = await collect(watch, path, { labelSelector: 'watch=me' });
    await eventually(() => fromNow.events.length === 1);
    expect(fromNow.events[0]).toMatchObject({ type: 'ADDED', name: 'existing' });
    // Dropping the label takes the object out of the selector: the watch sees DELETED.
    await clients.core.patchNamespacedConfigMap({ namespace: 'default', name: 'existing', body: [{ op: 'remove', path: '/metadata/labels' }] });
    await eventually(() => fromNow.events.length === 2);
    expect(fromNow.events[1]).toMatchObject({ type: 'DELETED', name: 'existing' });
    fromNow.controller.abort();
  });

  it('answers a too-old resourceVersion with a 410 Expired ERROR event', async () => {
    for (let i = 0; i < 60; i++) await clients.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: `churn-${i}` } } });
    const old = await collect(watch, path, { resourceVersion: '2' });
    await eventually(() => old.events.length === 1 && old.done() !== 'open');
    expect(old.events[0].type).toBe('ERROR');
    expect(old.events[0].object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
  });

  it('sends bookmarks when allowed and ends at timeoutSeconds', async () => {
    const rv = (await clients.core.listNamespacedConfigMap({ namespace: 'default', limit: 1 })).metadata!.resourceVersion!;
    const bookmarked = await collect(watch, path, { resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: 1 });
    await eventually(() => bookmarked.events.some(e => e.type === 'BOOKMARK'));
    const bookmark = bookmarked.events.find(e => e.type === 'BOOKMARK')!;
    expect(bookmark.object).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1' });
    expect(Number(bookmark.resourceVersion)).toBeGreaterThanOrEqual(Number(rv));
    await eventually(() => bookmarked.done() === null, 3000);
  });

  it('emits no watch event for dry-run writes', async () => {
    const rv = (await clients.core.listNamespacedConfigMap({ namespace: 'default', limit: 1 })).metadata!.resourceVersion!;
    const quiet = await collect(watch, path, { resourceVersion: rv });
    await clients.core.createNamespacedConfigMap({ namespace: 'default', dryRun: 'All', body: { metadata: { name: 'dry-watch' } } });
    await clients.core.deleteNamespacedConfigMap({ namespace: 'default', name: 'churn-0', dryRun: 'All' });
    await clients.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'real-watch' } } });
    await eventually(() => quiet.events.length >= 1);
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(quiet.events.map(e => `${e.type}:${e.name}`)).toEqual(['ADDED:real-watch']);
    quiet.controller.abort();
  });

  it('keeps a makeInformer cache in sync', async () => {
    const informer = makeInformer<V1ConfigMap>(clients.kc, path, () => clients.core.listNamespacedConfigMap({ namespace: 'default' }));
    const added: string[] = [];
    informer.on('add', object => added.push(object.metadata!.name!));
    await informer.start();
    await clients.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'informed' } } });
    await eventually(() => informer.get('informed', 'default'));
    expect(added).toContain('informed');
    await clients.core.deleteNamespacedConfigMap({ namespace: 'default', name: 'informed' });
    await eventually(() => !informer.get('informed', 'default'));
    await informer.stop();
  });

  it('serves CRD kinds in every served version', async () => {
    const events = await collect(watch, '/apis/gateway.networking.k8s.io/v1beta1/namespaces/default/referencegrants', {});
    await clients.objects.create({ apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'ReferenceGrant', metadata: { name: 'grant', namespace: 'default' }, spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'apps' }], to: [{ group: '', kind: 'Service' }] } } as any);
    await eventually(() => events.events.length === 1);
    expect(events.events[0].object.apiVersion).toBe('gateway.networking.k8s.io/v1beta1');
    events.controller.abort();
  });
});
