import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  APPROVER,
  CLUSTER,
  DatabaseKind,
  OTHER_APPROVER,
  REQUESTER,
  startWorld,
  World,
} from './__testUtils__/approvalsHarness';
import { startTestPostgres, TestPostgres } from './__testUtils__/postgres';

jest.setTimeout(120_000);

const as = (user: string) => mockCredentials.user.header(user);

const gateway = (name: string) => ({
  cluster: CLUSTER,
  journey: 'gateway',
  entityRef: `component:default/${name}`,
  input: { name, listeners: [{ name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { from: 'Same' } }] },
});
const route = (name: string) => ({
  cluster: CLUSTER,
  journey: 'route',
  entityRef: 'component:default/httpbin',
  input: {
    name,
    namespace: 'default',
    gateway: { name: 'shared' },
    hostnames: [`${name}.example.com`],
    rules: [{ backends: [{ service: 'httpbin', port: 8000 }] }],
  },
});

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startTestPostgres();
});
afterAll(async () => postgres?.stop());

describe.each<DatabaseKind>(['sqlite', 'postgres'])('approvals across a backend restart (%s)', database => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld({ database, postgres });
  });
  afterEach(async () => world.stop());

  it('keeps pending changes when the backend restarts, and a new instance decides them', async () => {
    const first = await world.startInstance();
    const submitted = [];
    for (const body of [gateway('one'), gateway('two'), route('plain')]) {
      submitted.push((await request(first.app).post('/changes').set('Authorization', as(REQUESTER)).send(body)).body);
    }
    expect(submitted.map(c => c.state)).toEqual(['pending-approval', 'pending-approval', 'applied']);
    await first.stop();

    const second = await world.startInstance();
    const queue = await request(second.app).get('/changes?state=pending-approval&details=true').set('Authorization', as(APPROVER));
    expect(queue.body.totalCount).toBe(2);
    expect(new Set(queue.body.items.map((i: any) => i.id))).toEqual(new Set([submitted[0].id, submitted[1].id]));
    expect(queue.body.items.every((i: any) => i.plan[0].diff.includes('+ kind: Gateway'))).toBe(true);

    const approved = await request(second.app).post(`/changes/${submitted[0].id}/approve`).set('Authorization', as(APPROVER)).send({ comment: 'after restart' });
    expect(approved.body).toMatchObject({ state: 'applied', decisionComment: 'after restart', requestedBy: REQUESTER });
    const rejected = await request(second.app).post(`/changes/${submitted[1].id}/reject`).set('Authorization', as(APPROVER)).send({ comment: 'not needed' });
    expect(rejected.body).toMatchObject({ state: 'rejected' });
    expect(world.proxy.applies('/gateways/one')).toHaveLength(1);
    expect(world.proxy.applies('/gateways/two')).toHaveLength(0);
    const all = await request(second.app).get('/changes').set('Authorization', as(APPROVER));
    expect(all.body.items.map((i: any) => i.state).sort()).toEqual(['applied', 'applied', 'rejected']);
  });
});

describe('two backend instances sharing one PostgreSQL', () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld({ database: 'postgres', postgres });
  });
  afterEach(async () => world.stop());

  it('loses nothing of 100 concurrent submissions and applies each change exactly once under concurrent approvals', async () => {
    // Both instances start together (rolling deploy): the migrations run once, under knex's lock.
    const [a, b] = await Promise.all([world.startInstance(), world.startInstance()]);
    const instances = [a, b];
    const bodies = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? gateway(`gw-${i}`) : route(`rt-${i}`)));
    const responses = await Promise.all(
      bodies.map((body, i) => request(instances[i % 2].app).post('/changes').set('Authorization', as(REQUESTER)).send(body)),
    );
    expect(responses.map(r => r.status)).toEqual(bodies.map(() => 201));
    const byState = (state: string) => responses.filter(r => r.body.state === state).map(r => r.body);
    expect(byState('pending-approval')).toHaveLength(50);
    expect(byState('applied')).toHaveLength(50);
    expect(new Set(responses.map(r => r.body.id)).size).toBe(100);

    const rows = await a.db('changes').select('id', 'state');
    expect(rows).toHaveLength(100);
    expect(rows.filter(row => row.state === 'pending-approval')).toHaveLength(50);
    for (let i = 1; i < 100; i += 2) expect(world.proxy.applies(`/httproutes/rt-${i}`)).toHaveLength(1);
    expect(world.proxy.applies('/gateways/')).toHaveLength(0);

    // Every pending change is approved by both instances at once (different approvers).
    const pending = byState('pending-approval');
    const decisions = await Promise.all(
      pending.flatMap(change => [
        request(a.app).post(`/changes/${change.id}/approve`).set('Authorization', as(APPROVER)).send({}),
        request(b.app).post(`/changes/${change.id}/approve`).set('Authorization', as(OTHER_APPROVER)).send({}),
      ]),
    );
    for (let i = 0; i < pending.length; i++) {
      const pair = [decisions[2 * i], decisions[2 * i + 1]];
      expect(pair.map(r => r.status).sort()).toEqual([200, 409]);
      expect(pair.find(r => r.status === 409)!.body.error.message).toMatch(/it was approved by user:default\/(pat|sam) .*and (is being applied|applied)/);
    }
    for (let i = 0; i < 100; i += 2) expect(world.proxy.applies(`/gateways/gw-${i}`)).toHaveLength(1);

    const final: Array<{ state: string; count: string | number }> = await b.db('changes').select('state').count({ count: '*' }).groupBy('state');
    expect(final.map(row => ({ state: row.state, count: Number(row.count) }))).toEqual([{ state: 'applied', count: 100 }]);
    const listed = await request(b.app).get('/changes?state=applied&limit=500').set('Authorization', as(APPROVER));
    expect(listed.body.totalCount).toBe(100);
  });

  it('lets exactly one of many concurrent decisions on the same change win', async () => {
    const [a, b] = [await world.startInstance(), await world.startInstance()];
    for (let round = 0; round < 5; round++) {
      const change = (await request(a.app).post('/changes').set('Authorization', as(REQUESTER)).send(gateway(`race-${round}`))).body;
      expect(change.state).toBe('pending-approval');
      const attempts = await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          const app = i % 2 ? a.app : b.app;
          return i % 5 === 4
            ? request(app).post(`/changes/${change.id}/reject`).set('Authorization', as(APPROVER)).send({ comment: `no ${i}` })
            : request(app).post(`/changes/${change.id}/approve`).set('Authorization', as(i % 3 ? APPROVER : OTHER_APPROVER)).send({});
        }),
      );
      const winners = attempts.filter(r => r.status === 200);
      expect(winners).toHaveLength(1);
      expect(attempts.filter(r => r.status === 409)).toHaveLength(19);
      const stored = await a.store.get(change.id);
      expect(stored.state).toBe(winners[0].body.state);
      expect(world.proxy.applies(`/gateways/race-${round}`)).toHaveLength(stored.state === 'applied' ? 1 : 0);
    }
  });

  it("lets exactly one of concurrent approvals and the requester's withdrawals win, on either instance", async () => {
    const [a, b] = [await world.startInstance(), await world.startInstance()];
    for (let round = 0; round < 5; round++) {
      const change = (await request(a.app).post('/changes').set('Authorization', as(REQUESTER)).send(gateway(`take-back-${round}`))).body;
      expect(change.state).toBe('pending-approval');
      const attempts = await Promise.all(
        Array.from({ length: 10 }, (_, i) => {
          const app = i % 2 ? a.app : b.app;
          return i % 3 === 0
            ? request(app).post(`/changes/${change.id}/withdraw`).set('Authorization', as(REQUESTER)).send({ comment: `take back ${i}` })
            : request(app).post(`/changes/${change.id}/approve`).set('Authorization', as(i % 4 ? APPROVER : OTHER_APPROVER)).send({});
        }),
      );
      const winners = attempts.filter(r => r.status === 200);
      expect(winners).toHaveLength(1);
      expect(attempts.filter(r => r.status === 409)).toHaveLength(9);
      const stored = await b.store.get(change.id);
      expect(stored.state).toBe(winners[0].body.state);
      expect(['applied', 'withdrawn']).toContain(stored.state);
      expect(world.proxy.applies(`/gateways/take-back-${round}`)).toHaveLength(stored.state === 'applied' ? 1 : 0);
    }
  });
});
