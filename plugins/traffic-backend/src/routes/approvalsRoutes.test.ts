import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { clusterContent, eventually } from '../services/changes/__testUtils__/simCluster';
import {
  APPROVER,
  APPROVER_GROUP,
  CLUSTER,
  DatabaseKind,
  Instance,
  NON_APPROVER,
  OTHER_APPROVER,
  REQUESTER,
  World,
} from '../services/approvals/__testUtils__/approvalsHarness';
import { as, changesClient, freshWorldPerTest, gatewayChange, routeChange } from './__testUtils__/approvalsApi';

jest.setTimeout(60_000);

const gatewayPath = '/namespaces/default/gateways/web';

describe.each<DatabaseKind>(['sqlite', 'postgres'])('approvals API on aks-sim (%s)', database => {
  let world: World;
  let backend: Instance;
  freshWorldPerTest(database, (w, b) => {
    world = w;
    backend = b;
  });

  const { submit, approve, reject, read } = changesClient(() => backend.app);
  const gatewayType = () => world.cluster.store.resourceFor('gateway.networking.k8s.io/v1', 'Gateway')!;
  const liveGateway = () => world.cluster.store.get(gatewayType(), 'default', 'web');

  it('applies a change that needs no approval at once, without an approval link or notification', async () => {
    const change = await submit(routeChange);
    expect(change).toMatchObject({ state: 'applied', policyReasons: [] });
    expect(change.approvalUrl).toBeUndefined();
    expect(backend.notifications).toEqual([]);
  });

  it('holds a risky change as pending-approval with its reasons, a link, and a notice to the approvers', async () => {
    const before = clusterContent(world.cluster);
    const change = await submit(gatewayChange());
    expect(change).toMatchObject({
      state: 'pending-approval',
      requestedBy: REQUESTER,
      reason: 'expose web',
      entityRef: 'component:default/web',
      approvalUrl: `http://localhost:3000/traffic-approvals?change=${change.id}`,
      policyReasons: [
        'New Gateway default/web [newGateway]',
        expect.stringMatching(/^Gateway default\/web gets a public load balancer .*\[publicLoadBalancer\]$/),
      ],
    });
    expect(change.message).toMatch(/^Waiting for platform-team approval: New Gateway default\/web/);
    expect(clusterContent(world.cluster)).toEqual(before);
    expect(world.proxy.writes()).toEqual([]);
    expect(backend.notifications).toEqual([
      {
        recipients: { type: 'entity', entityRef: [APPROVER_GROUP], excludeEntityRef: REQUESTER },
        payload: expect.objectContaining({
          title: `Traffic change on ${CLUSTER} waits for your approval`,
          link: `/traffic-approvals?change=${change.id}`,
          topic: 'traffic-approvals',
          description: expect.stringContaining('create Gateway default/web'),
        }),
      },
    ]);

    const stored = await read(change.id);
    expect(stored.objects[0]).toMatchObject({ kind: 'Gateway', metadata: { name: 'web' } });
    expect(stored.plan[0]).toMatchObject({ action: 'create', diff: expect.stringContaining('+ kind: Gateway') });
    expect(stored.dryRunResult[0]).toMatchObject({ kind: 'Gateway', spec: { gatewayClassName: 'istio' } });

    const queue = await request(backend.app)
      .get(`/changes?state=pending-approval&cluster=${CLUSTER}&entityRef=component:default/web&details=true`)
      .set('Authorization', as(APPROVER));
    expect(queue.body).toMatchObject({ totalCount: 1, items: [{ id: change.id, approvalUrl: change.approvalUrl }] });
    expect(queue.body.items[0].plan[0].diff).toContain('+ kind: Gateway');
    const other = await request(backend.app).get('/changes?state=pending-approval&entityRef=component:default/other').set('Authorization', as(APPROVER));
    expect(other.body.totalCount).toBe(0);
  });

  it('approves: pending-approval -> applied, once; approving again is a 409 and writes nothing', async () => {
    const change = await submit(gatewayChange());
    const approved = await approve(change.id, APPROVER, { comment: 'ok for the web team' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      state: 'applied',
      decidedBy: APPROVER,
      decisionComment: 'ok for the web team',
      message: 'Approved by user:default/pat and applied: create Gateway default/web.',
      approvalUrl: change.approvalUrl,
    });
    expect(approved.body.decidedAt).toBeDefined();
    expect(approved.body.appliedAt).toBeDefined();
    expect(liveGateway()?.metadata.managedFields?.some((m: any) => m.manager === 'aks-traffic' && m.operation === 'Apply')).toBe(true);

    const again = await approve(change.id, OTHER_APPROVER);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ name: 'ConflictError' });
    expect(again.body.error.message).toMatch(/it was approved by user:default\/pat at .* and applied/);
    expect((await reject(change.id)).status).toBe(409);
    expect(world.proxy.applies(gatewayPath)).toHaveLength(1);
    expect(await read(change.id)).toMatchObject({ state: 'applied', decidedBy: APPROVER });

    expect(backend.notifications.map(n => n.recipients)).toContainEqual({ type: 'entity', entityRef: REQUESTER });
    const decided = backend.notifications.find(n => (n.recipients as any).entityRef === REQUESTER)!;
    expect(decided.payload).toMatchObject({ title: `Your traffic change on ${CLUSTER} was approved by ${APPROVER} and applied`, severity: 'normal' });
    expect(backend.audits).toContainEqual(
      expect.objectContaining({ eventId: 'change-approve', outcome: 'success', severityLevel: 'high', meta: expect.objectContaining({ changeId: change.id, state: 'applied' }) }),
    );
    expect(backend.audits.filter(a => a.eventId === 'change-approve' && a.outcome === 'fail')).toHaveLength(1);
  });

  it('refuses a non-approver with 403 for approve and reject, and nothing changes', async () => {
    const change = await submit(gatewayChange());
    const before = clusterContent(world.cluster);
    for (const response of [await approve(change.id, NON_APPROVER), await reject(change.id, NON_APPROVER)]) {
      expect(response.status).toBe(403);
      expect(response.body.error).toMatchObject({ name: 'NotAllowedError', message: expect.stringContaining('traffic.change.approve') });
    }
    expect(await read(change.id)).toMatchObject({ state: 'pending-approval' });
    expect((await read(change.id)).decidedBy).toBeUndefined();
    expect(clusterContent(world.cluster)).toEqual(before);
    expect(world.proxy.writes()).toEqual([]);
    expect(backend.audits.filter(a => a.outcome === 'fail').map(a => a.eventId)).toEqual(['change-approve', 'change-reject']);
  });

  it('needs a user: a service principal cannot decide', async () => {
    const change = await submit(gatewayChange());
    const response = await request(backend.app).post(`/changes/${change.id}/approve`).set('Authorization', mockCredentials.service.header()).send({});
    expect(response.status).toBeGreaterThanOrEqual(401);
    expect(response.status).toBeLessThanOrEqual(403);
    expect(await read(change.id)).toMatchObject({ state: 'pending-approval' });
  });

  it('does not let the requester approve their own change (four eyes)', async () => {
    world.permissions.approvers.add(REQUESTER);
    const change = await submit(gatewayChange());
    const response = await approve(change.id, REQUESTER);
    expect(response.status).toBe(403);
    expect(response.body.error.message).toMatch(/requested change .* and may not approve it too/);
    expect(await read(change.id)).toMatchObject({ state: 'pending-approval' });
    expect(world.proxy.writes()).toEqual([]);
  });

  it('rejects with a comment: pending-approval -> rejected, the requester is told why, nothing is applied', async () => {
    const change = await submit(gatewayChange());
    const missing = await reject(change.id, APPROVER, {});
    expect(missing.status).toBe(400);
    expect((await reject(change.id, APPROVER, { comment: '   ' })).status).toBe(400);
    expect(missing.body.error.message).toMatch(/comment/);

    const rejected = await reject(change.id, APPROVER, { comment: 'use the shared gateway' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      state: 'rejected',
      decidedBy: APPROVER,
      decisionComment: 'use the shared gateway',
      message: 'Rejected by user:default/pat: use the shared gateway',
    });
    expect((await approve(change.id)).body.error.message).toMatch(/it was rejected by user:default\/pat/);
    expect(liveGateway()).toBeUndefined();
    expect(world.proxy.writes()).toEqual([]);
    const toRequester = backend.notifications.find(n => (n.recipients as any).entityRef === REQUESTER);
    expect(toRequester?.payload).toMatchObject({ title: expect.stringMatching(/was rejected by/), description: expect.stringContaining('use the shared gateway'), severity: 'high' });
    expect(backend.audits).toContainEqual(expect.objectContaining({ eventId: 'change-reject', outcome: 'success' }));

    const history = await request(backend.app).get('/changes?state=rejected&state=applied').set('Authorization', as(APPROVER));
    expect(history.body.items.map((i: any) => i.id)).toEqual([change.id]);
  });

  it('fails an approval whose objects drifted since the request, clearly, and keeps the change visible as failed', async () => {
    const change = await submit(gatewayChange());
    // Someone else creates the Gateway by hand while the change waits.
    world.cluster.store.apply(
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: { name: 'web', namespace: 'default' },
        spec: { gatewayClassName: 'istio', listeners: [{ name: 'admin', protocol: 'HTTP', port: 8080 }] },
      },
      { fieldManager: 'kubectl' },
    );
    const byHand = liveGateway()!.spec;
    const response = await approve(change.id);
    expect(response.status).toBe(409);
    expect(response.body.error.message).toMatch(
      /^Approved by user:default\/pat, but not applied: The cluster changed since the request, so the approved diff is out of date: Gateway default\/web: the request would create it, now it would update it \(it was created on the cluster since the request\)/,
    );
    expect(response.body.error.message).toMatch(/Nothing was written to the cluster; submit the change again/);
    const stored = await read(change.id);
    expect(stored).toMatchObject({ state: 'failed', decidedBy: APPROVER });
    expect(stored.message).toContain('the request would create it, now it would update it');
    expect(liveGateway()!.spec).toEqual(byHand);
    expect(world.proxy.applies(gatewayPath)).toHaveLength(0);
    const toRequester = backend.notifications.find(n => (n.recipients as any).entityRef === REQUESTER);
    expect(toRequester?.payload.title).toMatch(/was approved by .* but failed/);
  });

  it('fails an approval whose update target was changed since the request (the approved diff no longer matches)', async () => {
    await submit(routeChange);
    // Route updates need approval in a second instance (custom rule); the first applies them at once.
    const strict = await world.startInstance({ approvals: { rules: [{ name: 'routes', description: 'Route updates need approval', kinds: ['HTTPRoute'], actions: ['update'] }] } });
    const withHost = (host: string) => ({ ...routeChange, input: { ...routeChange.input, hostnames: ['httpbin.example.com', host] } });
    const pending = (await request(strict.app).post('/changes').set('Authorization', as(REQUESTER)).send(withHost('h.example.com'))).body;
    expect(pending).toMatchObject({ state: 'pending-approval', policyReasons: ['Route updates need approval (update HTTPRoute default/get)'] });
    // Another change to the same route is applied while the first one waits.
    expect((await submit(withHost('other.example.com'))).state).toBe('applied');
    const response = await request(strict.app).post(`/changes/${pending.id}/approve`).set('Authorization', as(APPROVER)).send({});
    expect(response.status).toBe(409);
    expect(response.body.error.message).toMatch(/HTTPRoute default\/get was changed on the cluster since the request: the approved diff no longer matches/);
    expect(await read(pending.id)).toMatchObject({ state: 'failed' });
    expect(world.proxy.applies('/httproutes/get')).toHaveLength(2);
  });

  it('fails an approval whose preflight no longer passes (the TLS Secret is gone)', async () => {
    const secretType = world.cluster.store.resourceFor('v1', 'Secret')!;
    world.cluster.store.apply(
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web-cert', namespace: 'default' }, type: 'Opaque', data: {} },
      { fieldManager: 'kubectl', force: true },
    );
    const change = await submit({
      ...gatewayChange(),
      input: { name: 'web', listeners: [{ name: 'https', protocol: 'HTTPS', hostname: 'web.example.com', tls: { certificateRefs: [{ name: 'web-cert' }] } }] },
    });
    expect(change.state).toBe('pending-approval');
    world.cluster.store.delete(secretType, 'default', 'web-cert');
    const response = await approve(change.id);
    expect(response.status).toBe(409);
    expect(response.body.error.message).toMatch(/Preflight against cluster aks-test fails now:\ninput\.listeners\[0\]\.tls\.certificateRefs\[0\]\.name: Secret default\/web-cert does not exist/);
    expect(await read(change.id)).toMatchObject({ state: 'failed' });
    expect(liveGateway()).toBeUndefined();
  });

  it('keeps the change pending when the cluster cannot be reached, and applies it on a later approval', async () => {
    const change = await submit(gatewayChange());
    world.cluster.faults.set({ errors: [{ status: 503, rate: 1 }] });
    const response = await approve(change.id);
    expect(response.status).toBe(503);
    expect(response.body.error.message).toMatch(/It is still pending approval; approve it again later/);
    const stored = await read(change.id);
    expect(stored).toMatchObject({ state: 'pending-approval' });
    expect(stored.decidedBy).toBeUndefined();
    expect(stored.message).toMatch(/Last approval attempt: user:default\/pat at .*: /);
    await world.cluster.faults.clear();
    const retried = await approve(change.id, OTHER_APPROVER);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ state: 'applied', decidedBy: OTHER_APPROVER });
    expect(world.proxy.applies(gatewayPath)).toHaveLength(1);
  });

  it('answers 404 for an unknown change and 400 for an unknown body field', async () => {
    expect((await approve('00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect((await reject('nope')).status).toBe(404);
    const change = await submit(gatewayChange());
    expect((await approve(change.id, APPROVER, { comment: 'ok', force: true })).status).toBe(400);
    expect(await read(change.id)).toMatchObject({ state: 'pending-approval' });
  });

  it('refuses to decide a change that never waited for approval', async () => {
    const change = await submit(routeChange);
    const response = await approve(change.id);
    expect(response.status).toBe(409);
    expect(response.body.error.message).toMatch(/it is applied, it never waited for approval/);
  });

  it('works without the notifications backend: a failing or absent notification service never fails a change', async () => {
    for (const notifications of ['failing', 'absent'] as const) {
      const instance = await world.startInstance({ notifications });
      const change = (await request(instance.app).post('/changes').set('Authorization', as(REQUESTER)).send({ ...gatewayChange(), input: { ...gatewayChange().input, name: `web-${notifications}` } })).body;
      expect(change.state).toBe('pending-approval');
      const approved = await request(instance.app).post(`/changes/${change.id}/approve`).set('Authorization', as(APPROVER)).send({});
      expect(approved.body.state).toBe('applied');
    }
    await eventually(() => world.cluster.store.get(gatewayType(), 'default', 'web-absent'));
  });
});
