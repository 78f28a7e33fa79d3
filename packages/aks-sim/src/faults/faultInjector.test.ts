import { Watch } from '@kubernetes/client-node';
import { startAksSim, type AksSim } from '../sim/startAksSim';
import { clientsFor, eventually, statusOf } from '../sim/__testUtils__/clients';

describe('fault injection', () => {
  let sim: AksSim;
  let clients: ReturnType<typeof clientsFor>;
  const faults = () => sim.clusters[0].faults;

  beforeAll(async () => {
    sim = await startAksSim({ controllers: false });
    clients = clientsFor(sim.clusters[0]);
  });
  afterEach(() => faults().clear());
  afterAll(() => sim.stop());

  it('adds latency', async () => {
    faults().set({ latency: { fixedMs: 120 } });
    const started = Date.now();
    await clients.core.listNamespace();
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('fails a seeded share of matching requests with the given status', async () => {
    const run = async () => {
      faults().set({ seed: 42, errors: [{ status: 503, rate: 0.5, path: '/configmaps' }] });
      const codes: number[] = [];
      for (let i = 0; i < 20; i++) {
        codes.push(await clients.core.listNamespacedConfigMap({ namespace: 'default' }).then(() => 200, e => e.code));
      }
      return codes;
    };
    const first = await run();
    expect(new Set(first)).toEqual(new Set([200, 503]));
    expect(await run()).toEqual(first); // the same seed fails the same requests
    expect((await clients.core.listNamespace()).items.length).toBeGreaterThan(0); // other paths unaffected
  });

  it('answers 401 or 403 by path', async () => {
    faults().set({ deny: { status: 403, path: '/secrets' } });
    const denied = await statusOf(clients.core.listNamespacedSecret({ namespace: 'default' }));
    expect(denied).toMatchObject({ code: 403, body: { reason: 'Forbidden', details: { kind: 'secrets' } } });
    expect(denied.body.message).toContain('cannot list resource "secrets"');
    faults().set({ deny: { status: 401 } });
    expect((await statusOf(clients.core.listNamespace())).code).toBe(401);
  });

  it('resets connections', async () => {
    faults().set({ resets: { rate: 1 } });
    await expect(clients.core.listNamespace()).rejects.toThrow();
  });

  it('drops open watches now or after N events', async () => {
    const watch = new Watch(clients.kc);
    let done: unknown = 'open';
    await watch.watch('/api/v1/namespaces', {}, () => {}, err => {
      done = err ?? null;
    });
    await eventually(() => faults().dropWatches() === 1);
    await eventually(() => done === null);

    faults().set({ dropWatchesAfterEvents: 2 });
    const received: string[] = [];
    let ended = false;
    await watch.watch('/api/v1/namespaces', {}, (_type, object) => received.push(object.metadata.name), () => {
      ended = true;
    });
    await eventually(() => ended);
    expect(received).toHaveLength(2);
  });

  it('becomes unreachable and comes back on the same port', async () => {
    const url = sim.clusters[0].url;
    await faults().setUnreachable(true);
    await expect(clients.core.listNamespace()).rejects.toThrow();
    await faults().setUnreachable(false);
    expect(sim.clusters[0].url).toBe(url);
    expect((await clients.core.listNamespace()).items.length).toBeGreaterThan(0);
  });

  it('is controlled over HTTP through the admin endpoint', async () => {
    const { url, token } = sim.clusters[0];
    const admin = (path: string, method: string, body?: unknown) =>
      fetch(`${url}/aks-sim/${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    expect((await admin('faults', 'PUT', { errors: [{ status: 500, rate: 1 }] })).status).toBe(200);
    expect((await statusOf(clients.core.listNamespace())).body).toMatchObject({ code: 500, reason: 'InternalError' });
    // The admin endpoint itself is not subject to the faults.
    expect(await (await admin('faults', 'GET')).json()).toMatchObject({ rules: { errors: [{ status: 500 }] } });
    expect((await admin('faults', 'DELETE')).status).toBe(200);
    expect((await clients.core.listNamespace()).items.length).toBeGreaterThan(0);
    expect((await fetch(`${url}/aks-sim/faults`)).status).toBe(401);
  });
});
