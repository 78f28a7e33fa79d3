import { clusterContent, eventually } from './__testUtils__/simCluster';
import { Harness, startHarness } from './__testUtils__/harness';
import { OWNER_ANNOTATION, ownerOf, pruneCandidates, withOwner } from './ownership';
import { MANAGED_BY, MANAGED_BY_LABEL } from './ManagedObjectCache';
import { driftBetween, replanApprovedChange } from '../approvals/replan';

jest.setTimeout(30_000);

const gatewayInput = {
  name: 'shop-gateway',
  listeners: [
    { name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { from: 'Same' } },
  ],
};
const routeTo = (backend: { service: string; namespace?: string; port: number }) => ({
  name: 'shop',
  namespace: 'default',
  gateway: { name: 'shop-gateway' },
  hostnames: ['shop.example.com'],
  rules: [
    { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backends: [backend] },
  ],
});
const crossNamespace = routeTo({ service: 'echo', namespace: 'shared', port: 8080 });
const sameNamespace = routeTo({ service: 'httpbin', port: 8000 });

describe('pruning what a changed input no longer makes', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    h.addService({ namespace: 'shared', name: 'echo', port: 8080 });
  });
  afterEach(() => h.stop());

  const submit = (body: object) =>
    h.service.submit({ body: { cluster: 'aks-test', ...body }, credentials: h.credentials });
  const grantType = () =>
    h.cluster.store.resourceFor('gateway.networking.k8s.io/v1beta1', 'ReferenceGrant')!;
  const grants = () => h.cluster.store.list(grantType(), { namespace: 'shared' });

  it('names the owner after the journey and its main object, and marks only managed objects', () => {
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'shop', namespace: 'default', labels: { [MANAGED_BY_LABEL]: MANAGED_BY } },
    };
    const owner = ownerOf('route', [route]);
    expect(owner).toBe('route/default/shop');
    expect(withOwner(route, owner).metadata.annotations?.[OWNER_ANNOTATION]).toBe(owner);
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
    expect(withOwner(namespace, owner)).toBe(namespace);
    // Shared by several inputs (REGISTRY_ONLY per namespace) or by the app (its ServiceAccount).
    const managed = { labels: { [MANAGED_BY_LABEL]: MANAGED_BY } };
    const sidecar = { apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'default', namespace: 'shop', ...managed } };
    const account = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'shop', namespace: 'shop', ...managed } };
    expect(withOwner(sidecar, 'egress/aks-istio-egress/cnn')).toBe(sidecar);
    expect(withOwner(account, 'key-vault-tls/shop/shop')).toBe(account);
  });

  it('never offers an unmarked object for pruning', async () => {
    const marked = (name: string, owner?: string) => ({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name, namespace: 'aks-istio-egress', ...(owner ? { annotations: { [OWNER_ANNOTATION]: owner } } : {}) },
    });
    const owner = 'egress/aks-istio-egress/cnn';
    const history = {
      lastAppliedObjects: async () => [marked('kept', owner), marked('gone', owner), marked('shared'), marked('other', 'egress/aks-istio-egress/bing')],
    };
    const candidates = await pruneCandidates({ history, cluster: 'aks-test', objects: [marked('kept', owner)] });
    expect(candidates.map(c => c.ref.name)).toEqual(['gone']);
  });

  it('deletes the ReferenceGrant a route no longer needs, and a re-submit changes nothing', async () => {
    await submit({ journey: 'gateway', input: gatewayInput });
    const first = await submit({ journey: 'route', input: crossNamespace });
    expect(first.state).toBe('applied');
    expect(grants()).toHaveLength(1);
    expect(grants()[0].metadata.annotations?.[OWNER_ANNOTATION]).toBe('route/default/shop');

    const moved = await submit({ journey: 'route', input: sameNamespace });
    expect(moved.state).toBe('applied');
    expect(moved.plan.map(p => `${p.ref.kind}:${p.action}`)).toEqual([
      'HTTPRoute:update',
      'ReferenceGrant:delete',
    ]);
    expect(moved.plan[1].diff).toMatch(/^- /);
    expect(moved.message).toContain('delete ReferenceGrant shared/');
    expect(grants()).toHaveLength(0);

    const again = await submit({ journey: 'route', input: sameNamespace });
    expect(again.state).toBe('unchanged');
    expect(again.plan.map(p => p.action)).toEqual(['unchanged']);
  });

  it('shows the deletion in a dry run and leaves the object', async () => {
    await submit({ journey: 'gateway', input: gatewayInput });
    await submit({ journey: 'route', input: crossNamespace });
    const dryRun = await submit({ journey: 'route', input: sameNamespace, dryRun: true });
    expect(dryRun.state).toBe('dry-run');
    expect(dryRun.plan.map(p => p.action)).toEqual(['update', 'delete']);
    expect(grants()).toHaveLength(1);
  });

  it('re-plans the deletion when an approved change is applied later', async () => {
    await submit({ journey: 'gateway', input: gatewayInput });
    await submit({ journey: 'route', input: crossNamespace });
    // What the approver saw (a dry run has the same plan as a pending change).
    const requested = await submit({ journey: 'route', input: sameNamespace, dryRun: true });
    const { plan, applier } = await replanApprovedChange({
      record: requested,
      connection: (h.service as any).options.clusters.get('aks-test'),
      history: (h.service as any).store,
    });
    expect(driftBetween(requested.plan, plan)).toEqual([]);
    expect(plan.map(p => p.action)).toEqual(['update', 'delete']);
    expect((await applier.apply(plan)).ok).toBe(true);
    expect(grants()).toHaveLength(0);
  });

  it('puts everything back when the deletion fails', async () => {
    await submit({ journey: 'gateway', input: gatewayInput });
    await submit({ journey: 'route', input: crossNamespace });
    await eventually(() =>
      h.cluster.store.get(
        h.cluster.store.resourceFor('gateway.networking.k8s.io/v1', 'HTTPRoute')!,
        'default',
        'shop',
      )?.status?.parents?.length,
    );
    const before = clusterContent(h.cluster);
    const undo = await h.failRealWrites({ method: 'DELETE', path: '/referencegrants/', status: 500 });
    try {
      const failed = await submit({ journey: 'route', input: sameNamespace });
      expect(failed.state).toBe('failed');
      expect(failed.message).toMatch(/Applying object 2 of 2 \(ReferenceGrant shared\/.*\) failed/);
      expect(failed.message).toContain('the cluster is as it was');
    } finally {
      await undo();
    }
    await eventually(
      () => JSON.stringify([...clusterContent(h.cluster)]) === JSON.stringify([...before]),
    ).catch(() => undefined);
    expect(clusterContent(h.cluster)).toEqual(before);
  });

  it('never deletes a version newer than the copy it checked', async () => {
    await submit({ journey: 'gateway', input: gatewayInput });
    await submit({ journey: 'route', input: crossNamespace });
    const [grant] = grants();
    const managed = (h.service as any).managedObjects;
    const original = managed.current.bind(managed);
    // A watch copy that is behind: the object changed since (another resourceVersion).
    managed.current = (_cluster: string, object: any) =>
      object.kind === 'ReferenceGrant'
        ? { ...grant, metadata: { ...grant.metadata, resourceVersion: '1' } }
        : original(_cluster, object);
    try {
      const moved = await submit({ journey: 'route', input: sameNamespace });
      expect(moved.roundTrips!.snapshot).toBe(0);
      expect(moved.state).toBe('failed');
      expect(moved.message).toContain('the cluster is as it was');
    } finally {
      managed.current = original;
    }
    expect(grants()).toHaveLength(1);
  });

  it('leaves an object someone else took over', async () => {
    await submit({ journey: 'gateway', input: gatewayInput });
    await submit({ journey: 'route', input: crossNamespace });
    const [grant] = grants();
    h.cluster.store.apply(
      {
        apiVersion: grant.apiVersion,
        kind: 'ReferenceGrant',
        metadata: {
          name: grant.metadata.name,
          namespace: 'shared',
          annotations: { [OWNER_ANNOTATION]: 'platform-team' },
        },
      },
      { fieldManager: 'kubectl', force: true },
    );
    const moved = await submit({ journey: 'route', input: sameNamespace });
    expect(moved.plan.map(p => p.action)).toEqual(['update']);
    expect(grants()).toHaveLength(1);
  });
});
