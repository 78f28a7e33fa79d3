import { clusterContent, eventually } from './__testUtils__/simCluster';
import { Harness, startHarness } from './__testUtils__/harness';
import {
  MANAGED_BY,
  MANAGED_BY_LABEL,
  withManagedByLabel,
} from './ManagedObjectCache';

jest.setTimeout(30_000);

const gateway = (ports: number[]) => ({
  name: 'shop-gateway',
  listeners: ports.map(port => ({
    name: `http-${port}`,
    protocol: 'HTTP',
    port,
    allowedRoutes: { from: 'Same' },
  })),
});
const route = (path: string) => ({
  name: 'shop',
  namespace: 'default',
  gateway: { name: 'shop-gateway' },
  hostnames: ['shop.example.com'],
  rules: [
    {
      matches: [{ path: { type: 'PathPrefix', value: path } }],
      backends: [{ service: 'httpbin', port: 8000 }],
    },
  ],
});
const change = (ports: number[], path: string) => ({
  cluster: 'aks-test',
  journey: 'gateway',
  input: gateway(ports),
  also: [{ journey: 'route', input: route(path) }],
});

describe('ManagedObjectCache', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.stop());

  const submit = (body: object) =>
    h.service.submit({ body, credentials: h.credentials });
  const type = (kind: string) =>
    h.cluster.store.resourceFor('gateway.networking.k8s.io/v1', kind)!;
  const live = (kind: string, name: string) =>
    h.cluster.store.get(type(kind), 'default', name);
  /** Resolves once the watch holds the object at its current resourceVersion. */
  const watched = (kind: string, name: string) =>
    eventually(() => {
      const object = live(kind, name);
      return (
        object &&
        (h.service as any).managedObjects.snapshot(
          'aks-test',
          object,
          object.metadata.resourceVersion,
        )
      );
    });

  /** Waits until controllers stopped writing, then until the watch holds both objects as stored. */
  const settled = async () => {
    let last = '';
    await eventually(async () => {
      const now = String(h.cluster.store.currentResourceVersion());
      const quiet = now === last;
      last = now;
      await new Promise(resolve => setTimeout(resolve, 200));
      return quiet;
    }, 10_000);
    await watched('Gateway', 'shop-gateway');
    await watched('HTTPRoute', 'shop');
  };

  it('marks what the backend applies, except the app Namespace and the shared mesh ConfigMap', () => {
    const mark = (object: any) =>
      withManagedByLabel(object).metadata.labels?.[MANAGED_BY_LABEL];
    expect(
      mark({
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'a', namespace: 'default', labels: { app: 'x' } },
      }),
    ).toBe(MANAGED_BY);
    expect(
      mark({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }),
    ).toBeUndefined();
    expect(
      mark({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'istio-shared-configmap-asm-1-26',
          namespace: 'aks-istio-system',
        },
      }),
    ).toBeUndefined();
  });

  it('gives updates their rollback snapshots from the watch: one dry-run and one apply per object', async () => {
    const created = await submit(change([80], '/'));
    expect(created.state).toBe('applied');
    expect(live('HTTPRoute', 'shop')?.metadata.labels?.[MANAGED_BY_LABEL]).toBe(
      MANAGED_BY,
    );
    await settled();

    const updated = await submit(change([80, 8080], '/v2'));
    expect(updated.state).toBe('applied');
    expect(updated.plan.map(p => p.action)).toEqual(['update', 'update']);
    expect(updated.plan[1].diff).toContain('/v2');
    expect(updated.roundTrips).toMatchObject({
      preflight: expect.any(Number),
      dryRun: 2,
      snapshot: 0,
      apply: 2,
    });

    // Re-submitting is "unchanged" without a single GET.
    await settled();
    const again = await submit(change([80, 8080], '/v2'));
    expect(again.state).toBe('unchanged');
    expect(again.roundTrips).toMatchObject({ dryRun: 2, snapshot: 0, apply: 0 });
  });

  it('restores updated objects from watched snapshots when a later object fails', async () => {
    await submit(change([80], '/'));
    await eventually(() => live('HTTPRoute', 'shop')?.status?.parents?.length);
    await settled();
    const before = clusterContent(h.cluster);

    const undo = await h.failRealWrites({ method: 'PATCH', path: '/httproutes/shop$', status: 503 });
    try {
      const failed = await submit(change([80, 8080], '/v2'));
      expect(failed.state).toBe('failed');
      expect(failed.roundTrips!.snapshot).toBe(0);
      expect(failed.message).toContain('the cluster is as it was');
    } finally {
      await undo();
    }
    // The generated Service follows the restored Gateway once the Istio controller reconciles.
    await eventually(
      () => JSON.stringify([...clusterContent(h.cluster)]) === JSON.stringify([...before]),
    ).catch(() => undefined);
    expect(clusterContent(h.cluster)).toEqual(before);
  });

  it('reads objects it does not manage live, and never uses a copy of another resourceVersion', async () => {
    h.cluster.store.apply(
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: { name: 'shop-gateway', namespace: 'default' },
        spec: {
          gatewayClassName: 'istio',
          listeners: [
            {
              name: 'http-80',
              protocol: 'HTTP',
              port: 80,
              allowedRoutes: { namespaces: { from: 'Same' } },
            },
          ],
        },
      },
      { fieldManager: 'kubectl' },
    );
    // Created by someone else: not labelled, so not watched; the first change reads it.
    const first = await submit({
      cluster: 'aks-test',
      journey: 'gateway',
      input: gateway([80, 8080]),
    });
    expect(first.state).toBe('applied');
    expect(first.roundTrips!.snapshot).toBe(1);

    const object = await watched('Gateway', 'shop-gateway');
    const managed = (h.service as any).managedObjects;
    expect(
      managed.snapshot('aks-test', object, String(Number(object.metadata.resourceVersion) - 1)),
    ).toBeUndefined();
    expect(JSON.stringify(object)).not.toContain('managedFields');
  });
});
