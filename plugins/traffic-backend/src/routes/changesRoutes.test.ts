import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import {
  Harness,
  startHarness,
} from '../services/changes/__testUtils__/harness';
import { createChangesRouter } from './changesRoutes';

jest.setTimeout(30_000);

describe('changes routes', () => {
  let h: Harness;
  let app: express.Express;

  beforeEach(async () => {
    h = await startHarness();
    app = express()
      .use(
        createChangesRouter({
          changeService: h.service,
          httpAuth: mockServices.httpAuth(),
        }),
      )
      .use(mockErrorHandler());
  });
  afterEach(() => h.stop());

  const gateway = {
    cluster: 'aks-test',
    journey: 'gateway',
    input: { name: 'web', listeners: [{ name: 'http', protocol: 'HTTP' }] },
  };

  it('POST /changes applies as the calling user, GET /changes/:id and GET /changes read it back', async () => {
    const created = await request(app)
      .post('/changes')
      .set('Authorization', mockCredentials.user.header('user:default/bob'))
      .send(gateway);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      state: 'applied',
      requestedBy: 'user:default/bob',
      cluster: 'aks-test',
    });

    const read = await request(app)
      .get(`/changes/${created.body.id}`)
      .set('Authorization', mockCredentials.user.header());
    expect(read.status).toBe(200);
    expect(read.body.objects[0]).toMatchObject({
      kind: 'Gateway',
      metadata: { name: 'web' },
    });

    const list = await request(app)
      .get('/changes?state=applied&cluster=aks-test')
      .set('Authorization', mockCredentials.service.header());
    expect(list.body).toMatchObject({
      totalCount: 1,
      items: [{ id: created.body.id }],
    });
    expect(list.body.items[0].objects).toBeUndefined();
  });

  it('answers 400 for a malformed body, 403 without permission, 404 for an unknown change or cluster', async () => {
    const auth = mockCredentials.user.header();
    expect(
      (
        await request(app)
          .post('/changes')
          .set('Authorization', auth)
          .send({ cluster: 'aks-test' })
      ).status,
    ).toBe(400);
    expect(
      (
        await request(app)
          .post('/changes')
          .set('Authorization', auth)
          .send({ ...gateway, extra: 1 })
      ).status,
    ).toBe(400);
    expect(
      (
        await request(app)
          .post('/changes')
          .set('Authorization', auth)
          .send({ ...gateway, cluster: 'nope' })
      ).status,
    ).toBe(404);
    h.permission.allow = false;
    const denied = await request(app)
      .post('/changes')
      .set('Authorization', auth)
      .send(gateway);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ name: 'NotAllowedError' });
    expect(
      (
        await request(app)
          .get('/changes/00000000-0000-0000-0000-000000000000')
          .set('Authorization', auth)
      ).status,
    ).toBe(404);
    expect(
      (
        await request(app)
          .get('/changes?state=bogus')
          .set('Authorization', auth)
      ).status,
    ).toBe(400);
  });

  it('refuses service principals for POST /changes (changes are made on behalf of users)', async () => {
    const response = await request(app)
      .post('/changes')
      .set('Authorization', mockCredentials.service.header())
      .send(gateway);
    expect(response.status).toBe(403);
  });
});
