import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { clusterContent } from '../services/changes/__testUtils__/simCluster';
import {
  APPROVER,
  APPROVER_GROUP,
  CLUSTER,
  DatabaseKind,
  Instance,
  NON_APPROVER,
  REQUESTER,
  World,
} from '../services/approvals/__testUtils__/approvalsHarness';
import { as, changesClient, freshWorldPerTest, gatewayChange, routeChange } from './__testUtils__/approvalsApi';

jest.setTimeout(60_000);

describe.each<DatabaseKind>(['sqlite', 'postgres'])('withdrawing a pending change (%s)', database => {
  let world: World;
  let backend: Instance;
  freshWorldPerTest(database, (w, b) => {
    world = w;
    backend = b;
  });

  const { submit, approve, reject, withdraw, read } = changesClient(() => backend.app);

  it('lets the requester withdraw: pending-approval -> withdrawn, nothing reaches the cluster, the approvers are told', async () => {
    const before = clusterContent(world.cluster);
    const change = await submit(gatewayChange());
    const response = await withdraw(change.id, REQUESTER, { comment: '  not needed after all ' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: change.id,
      state: 'withdrawn',
      decidedBy: REQUESTER,
      decisionComment: 'not needed after all',
      message: `Withdrawn by ${REQUESTER}: not needed after all`,
      approvalUrl: change.approvalUrl,
    });
    expect(response.body.decidedAt).toBeDefined();
    expect(response.body.appliedAt).toBeUndefined();
    expect(await read(change.id)).toMatchObject({ state: 'withdrawn', decidedBy: REQUESTER, decisionComment: 'not needed after all' });
    expect(world.proxy.applies()).toEqual([]);
    expect(world.proxy.writes()).toEqual([]);
    expect(clusterContent(world.cluster)).toEqual(before);

    // The approvers' "waits for your approval" notice is replaced (same scope), the requester gets nothing.
    const [pendingNotice, withdrawnNotice] = backend.notifications;
    expect(backend.notifications).toHaveLength(2);
    expect(withdrawnNotice).toEqual({
      recipients: { type: 'entity', entityRef: [APPROVER_GROUP], excludeEntityRef: REQUESTER },
      payload: expect.objectContaining({
        title: `Traffic change on ${CLUSTER} was withdrawn by ${REQUESTER}: nothing to decide`,
        description: expect.stringContaining('Comment: not needed after all'),
        link: `/traffic-approvals?change=${change.id}`,
        topic: 'traffic-approvals',
        severity: 'low',
      }),
    });
    expect(withdrawnNotice.payload.scope).toBe(pendingNotice.payload.scope);
    expect(backend.audits).toContainEqual(
      expect.objectContaining({
        eventId: 'change-withdraw',
        outcome: 'success',
        severityLevel: 'low',
        meta: expect.objectContaining({ changeId: change.id, requester: REQUESTER, state: 'withdrawn' }),
      }),
    );

    // A withdrawn change shows in the history.
    const history = await request(backend.app).get('/changes?state=withdrawn&state=applied&state=rejected').set('Authorization', as(APPROVER));
    expect(history.body.items.map((i: any) => [i.id, i.state])).toEqual([[change.id, 'withdrawn']]);
  });

  it('withdraws without a comment', async () => {
    const change = await submit(gatewayChange());
    const response = await withdraw(change.id, REQUESTER, { comment: '   ' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ state: 'withdrawn', message: `Withdrawn by ${REQUESTER}` });
    expect(response.body.decisionComment).toBeUndefined();
  });

  it("refuses someone else's change with 403 (approvers included), and nothing changes", async () => {
    const change = await submit(gatewayChange());
    for (const user of [NON_APPROVER, APPROVER]) {
      const response = await withdraw(change.id, user);
      expect(response.status).toBe(403);
      expect(response.body.error).toMatchObject({
        name: 'NotAllowedError',
        message: `${user} may not withdraw change ${change.id}: only its requester (${REQUESTER}) may withdraw it`,
      });
    }
    const stored = await read(change.id);
    expect(stored).toMatchObject({ state: 'pending-approval', message: change.message });
    expect(stored.decidedBy).toBeUndefined();
    expect(world.proxy.writes()).toEqual([]);
    expect(backend.audits.filter(a => a.eventId === 'change-withdraw').map(a => a.outcome)).toEqual(['fail', 'fail']);
    expect(backend.notifications).toHaveLength(1);
  });

  it('needs a user: a service principal cannot withdraw', async () => {
    const change = await submit(gatewayChange());
    const response = await request(backend.app).post(`/changes/${change.id}/withdraw`).set('Authorization', mockCredentials.service.header()).send({});
    expect(response.status).toBeGreaterThanOrEqual(401);
    expect(response.status).toBeLessThanOrEqual(403);
    expect(await read(change.id)).toMatchObject({ state: 'pending-approval' });
  });

  it('answers 404 for an unknown change and 400 for an unknown body field or an overlong comment', async () => {
    expect((await withdraw('00000000-0000-0000-0000-000000000000')).status).toBe(404);
    const change = await submit(gatewayChange());
    expect((await withdraw(change.id, REQUESTER, { comment: 'x', force: true })).status).toBe(400);
    expect((await withdraw(change.id, REQUESTER, { comment: 'x'.repeat(4001) })).status).toBe(400);
    expect(await read(change.id)).toMatchObject({ state: 'pending-approval' });
  });

  it('refuses to approve or reject a withdrawn change (409), and writes nothing', async () => {
    const change = await submit(gatewayChange());
    expect((await withdraw(change.id, REQUESTER, { comment: 'wrong cluster' })).status).toBe(200);
    for (const response of [await approve(change.id), await reject(change.id)]) {
      expect(response.status).toBe(409);
      expect(response.body.error.name).toBe('ConflictError');
      expect(response.body.error.message).toMatch(
        new RegExp(`^Cannot (approve|reject) change ${change.id}: it was withdrawn by its requester ${REQUESTER} at .*\\. Only pending-approval changes can be decided\\.$`),
      );
    }
    expect((await withdraw(change.id)).status).toBe(409);
    expect(await read(change.id)).toMatchObject({ state: 'withdrawn', decidedBy: REQUESTER, decisionComment: 'wrong cluster' });
    expect(world.proxy.applies()).toEqual([]);
  });

  it('refuses to withdraw a change that was approved, rejected or never waited (409), and changes nothing', async () => {
    const approved = await submit(gatewayChange('one'));
    expect((await approve(approved.id)).body.state).toBe('applied');
    const rejected = await submit(gatewayChange('two'));
    expect((await reject(rejected.id)).status).toBe(200);
    const applied = await submit(routeChange);
    expect(applied.state).toBe('applied');

    const expected: Array<[string, RegExp]> = [
      [approved.id, /it was approved by user:default\/pat at .* and applied\. Only pending-approval changes can be withdrawn\.$/],
      [rejected.id, /it was rejected by user:default\/pat at .*\. Only pending-approval changes can be withdrawn\.$/],
      [applied.id, /it is applied, it never waited for approval\. Only pending-approval changes can be withdrawn\.$/],
    ];
    for (const [id, message] of expected) {
      const before = await read(id);
      const response = await withdraw(id);
      expect(response.status).toBe(409);
      expect(response.body.error).toMatchObject({ name: 'ConflictError', message: expect.stringMatching(message) });
      expect(await read(id)).toEqual(before);
    }
    expect(world.proxy.applies('/gateways/one')).toHaveLength(1);
    expect(world.proxy.applies('/gateways/two')).toHaveLength(0);
  });

  it('lets exactly one of a concurrent approve and withdraw win; a withdrawn change is never applied', async () => {
    for (let round = 0; round < 6; round++) {
      const name = `race-${round}`;
      const change = await submit(gatewayChange(name));
      // Alternate who is sent first; both are in flight together.
      const [approval, withdrawal] =
        round % 2 === 0
          ? await Promise.all([approve(change.id), withdraw(change.id)])
          : await Promise.all([withdraw(change.id), approve(change.id)]).then(([w, a]) => [a, w]);
      expect([approval.status, withdrawal.status].sort()).toEqual([200, 409]);
      const stored = await read(change.id);
      const withdrawn = withdrawal.status === 200;
      const loser = withdrawn ? approval : withdrawal;
      expect(stored).toMatchObject(withdrawn ? { state: 'withdrawn', decidedBy: REQUESTER } : { state: 'applied', decidedBy: APPROVER });
      expect(loser.body.error.message).toMatch(
        withdrawn ? /it was withdrawn by its requester/ : /it was approved by user:default\/pat .*and (is being applied|applied)/,
      );
      expect(world.proxy.applies(`/gateways/${name}`)).toHaveLength(withdrawn ? 0 : 1);
    }
  });

  /**
   * Both requests passed their `pending-approval` check; `first` moves the change before `second`
   * writes (the store's compare-and-set is where they meet).
   */
  const interleave = (second: 'approved' | 'withdrawn', first: () => Promise<unknown>) => {
    const transition = backend.store.transition.bind(backend.store);
    return jest.spyOn(backend.store, 'transition').mockImplementation(async (id, from, update) => {
      if (update.state === second) await first();
      return transition(id, from, update);
    });
  };

  it('an approval that read the change as pending loses to a withdrawal that lands first: 409, nothing applied', async () => {
    const change = await submit(gatewayChange());
    let withdrawal: request.Response | undefined;
    const spy = interleave('approved', async () => {
      withdrawal = await withdraw(change.id);
    });
    const approval = await approve(change.id);
    spy.mockRestore();
    expect(withdrawal?.status).toBe(200);
    expect(approval.status).toBe(409);
    expect(approval.body.error.message).toMatch(new RegExp(`^Cannot approve change ${change.id}: it was withdrawn by its requester ${REQUESTER} at `));
    expect(await read(change.id)).toMatchObject({ state: 'withdrawn', decidedBy: REQUESTER });
    expect(world.proxy.applies()).toEqual([]);
    expect(world.proxy.writes()).toEqual([]);
  });

  it('a withdrawal that read the change as pending loses to an approval that lands first: 409, applied once', async () => {
    const change = await submit(gatewayChange());
    let approval: request.Response | undefined;
    const spy = interleave('withdrawn', async () => {
      approval = await approve(change.id);
    });
    const withdrawal = await withdraw(change.id);
    spy.mockRestore();
    expect(approval?.status).toBe(200);
    expect(withdrawal.status).toBe(409);
    expect(withdrawal.body.error.message).toMatch(
      new RegExp(`^Cannot withdraw change ${change.id}: it was approved by ${APPROVER} at .* and applied\\. Only pending-approval changes can be withdrawn\\.$`),
    );
    expect(await read(change.id)).toMatchObject({ state: 'applied', decidedBy: APPROVER });
    expect(world.proxy.applies('/gateways/web')).toHaveLength(1);
    expect(backend.audits.find(a => a.eventId === 'change-withdraw')).toMatchObject({ outcome: 'fail' });
  });
});
