import { mockCredentials } from '@backstage/backend-test-utils';
import type express from 'express';
import request from 'supertest';
import {
  APPROVER,
  CLUSTER,
  DatabaseKind,
  Instance,
  REQUESTER,
  startWorld,
  World,
} from '../../services/approvals/__testUtils__/approvalsHarness';
import { startTestPostgres, TestPostgres } from '../../services/approvals/__testUtils__/postgres';

/** The Authorization header of a signed-in user. */
export const as = (user: string) => mockCredentials.user.header(user);

/** A new Gateway: policy holds it for approval. */
export const gatewayChange = (name = 'web') => ({
  cluster: CLUSTER,
  journey: 'gateway',
  entityRef: `component:default/${name}`,
  reason: `expose ${name}`,
  input: { name, listeners: [{ name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { from: 'Same' } }] },
});

/** A route on the world's shared Gateway: applied at once. */
export const routeChange = {
  cluster: CLUSTER,
  journey: 'route',
  entityRef: 'component:default/httpbin',
  input: {
    name: 'get',
    namespace: 'default',
    gateway: { name: 'shared' },
    hostnames: ['httpbin.example.com'],
    rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/get' } }], backends: [{ service: 'httpbin', port: 8000 }] }],
  },
};

/** The change API calls of the approval flow against one backend instance's app. */
export function changesClient(app: () => express.Express) {
  return {
    async submit(body: object, user = REQUESTER) {
      const response = await request(app()).post('/changes').set('Authorization', as(user)).send(body);
      expect(response.status).toBe(201);
      return response.body;
    },
    approve: (id: string, user = APPROVER, body: object = {}) =>
      request(app()).post(`/changes/${id}/approve`).set('Authorization', as(user)).send(body),
    reject: (id: string, user = APPROVER, body: object = { comment: 'use the shared gateway' }) =>
      request(app()).post(`/changes/${id}/reject`).set('Authorization', as(user)).send(body),
    withdraw: (id: string, user = REQUESTER, body: object = {}) =>
      request(app()).post(`/changes/${id}/withdraw`).set('Authorization', as(user)).send(body),
    read: async (id: string) => (await request(app()).get(`/changes/${id}`).set('Authorization', as(REQUESTER))).body,
  };
}

/**
 * The hooks of a describe block: a fresh world (aks-sim, counting proxy, database) and one backend
 * instance per test, handed to `use`; PostgreSQL is started once for the block.
 */
export function freshWorldPerTest(database: DatabaseKind, use: (world: World, backend: Instance) => void) {
  let postgres: TestPostgres | undefined;
  let world: World | undefined;
  beforeAll(async () => {
    if (database === 'postgres') postgres = await startTestPostgres();
  });
  afterAll(async () => postgres?.stop());
  beforeEach(async () => {
    world = await startWorld({ database, postgres });
    use(world, await world.startInstance());
  });
  afterEach(async () => world?.stop());
}
