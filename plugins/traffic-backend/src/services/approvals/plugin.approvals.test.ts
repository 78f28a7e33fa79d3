import { startAksSim, type AksSim } from '@aks-traffic/aks-sim';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import trafficPlugin from '../..';

jest.setTimeout(60_000);

/**
 * The wired plugin (startTestBackend, default SQLite database, no notifications backend
 * installed): a pending change is approved through /api/traffic and applied on aks-sim.
 */
describe('traffic plugin with approvals', () => {
  let sim: AksSim;
  beforeAll(async () => {
    sim = await startAksSim({ clusters: [{ name: 'aks-test' }], seed: 'empty' });
  });
  afterAll(async () => sim.stop());

  it('holds a new Gateway for approval and applies it once an approver decides, without the notifications backend', async () => {
    const cluster = sim.cluster('aks-test');
    const { server } = await startTestBackend({
      features: [
        trafficPlugin,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            backend: { baseUrl: 'http://localhost:7007' },
            traffic: {
              clusters: [{ name: 'aks-test', url: cluster.url, authProvider: 'serviceAccount', serviceAccountToken: cluster.token }],
              approvals: { require: { newGateway: true }, notify: ['group:default/platform-team'] },
            },
          },
        }),
        mockServices.permissions.factory({ result: 'ALLOW' as any }),
      ],
    });
    const submitted = await request(server)
      .post('/api/traffic/changes')
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .send({ cluster: 'aks-test', journey: 'gateway', input: { name: 'web', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] } });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({
      state: 'pending-approval',
      approvalUrl: `http://localhost:3000/traffic-approvals?change=${submitted.body.id}`,
      policyReasons: ['New Gateway default/web [newGateway]'],
    });

    const approved = await request(server)
      .post(`/api/traffic/changes/${submitted.body.id}/approve`)
      .set('Authorization', mockCredentials.user.header('user:default/pat'))
      .send({ comment: 'ok' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'applied', decidedBy: 'user:default/pat' });
    const gatewayType = cluster.store.resourceFor('gateway.networking.k8s.io/v1', 'Gateway')!;
    expect(cluster.store.get(gatewayType, 'default', 'web')).toBeDefined();
  });
});
