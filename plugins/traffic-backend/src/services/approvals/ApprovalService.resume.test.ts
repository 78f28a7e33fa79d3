import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { APPROVER, CLUSTER, REQUESTER, startWorld, World } from './__testUtils__/approvalsHarness';

jest.setTimeout(60_000);

const as = (user: string) => mockCredentials.user.header(user);
const LONG_AGO = new Date(Date.now() - 60 * 60_000).toISOString();

/** A new Gateway (held for approval by policy) with a route on it: one change of two objects. */
const gatewayWithRoute = {
  cluster: CLUSTER,
  journey: 'gateway',
  entityRef: 'component:default/httpbin',
  input: { name: 'shop', listeners: [{ name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { from: 'Same' } }] },
  also: [
    {
      journey: 'route',
      input: {
        name: 'shop',
        namespace: 'default',
        gateway: { name: 'shop' },
        hostnames: ['shop.example.com'],
        rules: [{ backends: [{ service: 'httpbin', port: 8000 }] }],
      },
    },
  ],
};

describe('resuming an approved change whose apply was interrupted', () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld({ database: 'sqlite' });
  });
  afterEach(async () => world.stop());

  const gatewayType = () => world.cluster.store.resourceFor('gateway.networking.k8s.io/v1', 'Gateway')!;
  const routeType = () => world.cluster.store.resourceFor('gateway.networking.k8s.io/v1', 'HTTPRoute')!;

  /** Submits the change and leaves it as a backend that stopped after the first object would. */
  async function interrupted(instance: Awaited<ReturnType<World['startInstance']>>, decidedAt = LONG_AGO) {
    const submitted = (await request(instance.app).post('/changes').set('Authorization', as(REQUESTER)).send(gatewayWithRoute)).body;
    expect(submitted.state).toBe('pending-approval');
    const record = await instance.store.get(submitted.id);
    await instance.store.transition(record.id, ['pending-approval'], {
      state: 'approved',
      decidedBy: APPROVER,
      decidedAt,
      message: `Approved by ${APPROVER}; applying to ${CLUSTER}.`,
    });
    const gateway = record.objects.find(o => o.kind === 'Gateway')!;
    world.cluster.store.apply(gateway, { fieldManager: 'aks-traffic' });
    return record.id;
  }

  it('applies the rest of the change once the apply is overdue', async () => {
    const instance = await world.startInstance();
    const id = await interrupted(instance);

    const finished = await instance.approvals.resumeInterrupted();
    expect(finished.map(c => [c.id, c.state])).toEqual([[id, 'applied']]);
    expect(finished[0].message).toMatch(/interrupted .* resumed at .*: create HTTPRoute default\/shop/);
    expect(world.cluster.store.get(gatewayType(), 'default', 'shop')).toBeDefined();
    expect(world.cluster.store.get(routeType(), 'default', 'shop')).toBeDefined();
    expect(instance.notifications.some(n => n.payload.title.includes('applied'))).toBe(true);

    // Nothing left to resume.
    expect(await instance.approvals.resumeInterrupted()).toEqual([]);
  });

  it('leaves a change that was approved a moment ago to the instance applying it', async () => {
    const instance = await world.startInstance();
    const id = await interrupted(instance, new Date().toISOString());
    expect(await instance.approvals.resumeInterrupted()).toEqual([]);
    expect((await instance.store.get(id)).state).toBe('approved');
  });

  it('fails the change, naming the objects to check, when the cluster moved on', async () => {
    const instance = await world.startInstance();
    const id = await interrupted(instance);
    // Someone else takes the route's name for another hostname in the meantime.
    world.cluster.store.apply(
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'shop', namespace: 'default' },
        spec: { parentRefs: [{ name: 'shared' }], hostnames: ['other.example.com'], rules: [{ backendRefs: [{ name: 'httpbin', port: 8000 }] }] },
      },
      { fieldManager: 'kubectl' },
    );
    const [failed] = await instance.approvals.resumeInterrupted();
    expect(failed).toMatchObject({ id, state: 'failed' });
    expect(failed.message).toMatch(/interrupted .* cannot be finished/);
    expect(failed.message).toContain('check Gateway default/shop, HTTPRoute default/shop');
  });
});
