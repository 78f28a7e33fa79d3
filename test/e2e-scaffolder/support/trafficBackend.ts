/**
 * A real traffic backend change API (ChangeService + /changes routes, SQLite in memory) over one
 * aks-sim cluster, served on a loopback port, with mock auth: tokens are `user:<entityRef>` and the
 * scaffolder side mints them "on behalf of" the initiating user like AuthService does.
 */
import {
  startAksSim,
  enableIstioEgressGateway,
  keyVaultOf,
  mintCertificate,
  type AksSim,
  type SimCluster,
} from '@aks-traffic/aks-sim';
import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthenticationError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import knexFactory, { Knex } from 'knex';
import type { AddressInfo } from 'node:net';
import { createChangesRouter } from '../../../plugins/traffic-backend/src/routes/changesRoutes';
import { ChangeService } from '../../../plugins/traffic-backend/src/services/ChangeService';
import { simRegistry } from '../../../plugins/traffic-backend/src/services/changes/__testUtils__/simCluster';
import { createTrafficActions } from '../../../plugins/scaffolder-backend-module-traffic/src/actions';

export const CLUSTER = 'aks-e2e';

export const userCredentials = (userEntityRef: string): BackstageCredentials =>
  ({
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'user', userEntityRef },
  } as BackstageCredentials);

const httpAuth = {
  async credentials(req: express.Request) {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token?.startsWith('user:'))
      throw new AuthenticationError('missing or invalid token');
    return userCredentials(token);
  },
} as unknown as HttpAuthService;

const STATUS: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  ServiceUnavailableError: 503,
};

const noop = () => undefined;
const logger = {
  info: noop,
  warn: noop,
  error: noop,
  debug: noop,
  child: () => logger,
} as any;

export interface E2eBackend {
  sim: AksSim;
  cluster: SimCluster;
  db: Knex;
  permission: { allow: boolean };
  actions: ReturnType<typeof actionsById>;
  keyVaultName: string;
  registry: ReturnType<typeof simRegistry>;
  stop(): Promise<void>;
}

function actionsById(auth: AuthService, discovery: DiscoveryService) {
  return Object.fromEntries(
    createTrafficActions({ auth, discovery }).map(action => [
      action.id,
      action,
    ]),
  );
}

/** Workloads the seeds assume exist before the journeys run. */
function seedWorkloads(cluster: SimCluster) {
  const apply = (object: any) =>
    cluster.store.apply(object, { fieldManager: 'kubectl', force: true });
  const service = (namespace: string, name: string, port: number) =>
    apply({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace, labels: { app: name } },
      spec: { selector: { app: name }, ports: [{ name: 'http', port }] },
    });
  // Installed with ALB Controller (the simulator's AlbController reconciles Gateways of this class).
  apply({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GatewayClass',
    metadata: { name: 'azure-alb-external' },
    spec: { controllerName: 'alb.networking.azure.io/alb-controller' },
  });
  for (const namespace of ['pets', 'test-infra'])
    apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });
  service('default', 'httpbin', 8000);
  service('default', 'echoserver', 8080);
  service('pets', 'store-front', 80);
  service('test-infra', 'backend-v1', 8080);
  apply({
    apiVersion: 'egressgateway.kubernetes.azure.com/v1alpha1',
    kind: 'StaticGatewayConfiguration',
    metadata: { name: 'asm-egress-sgc', namespace: 'aks-istio-egress' },
    spec: { gatewayNodepoolName: 'gwnodepool', provisionPublicIps: true },
  });
  enableIstioEgressGateway(cluster.store, {
    name: 'asm-egress-test',
    namespace: 'aks-istio-egress',
    gatewayConfigurationName: 'asm-egress-sgc',
    revisions: ['asm-1-26'],
  });
  const vault = keyVaultOf(cluster.info);
  const now = Date.now();
  const minted = mintCertificate({
    commonName: 'httpbin.example.com',
    sans: ['httpbin.example.com'],
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 90 * 86_400_000),
  });
  vault.setSecret('test-httpbin-key', minted.privateKeyPem);
  vault.setSecret('test-httpbin-crt', minted.certificatePem);
  return vault.name;
}

export async function startE2eBackend(): Promise<E2eBackend> {
  const sim = await startAksSim({
    clusters: [{ name: CLUSTER }],
    seed: 'empty',
  });
  const cluster = sim.cluster(CLUSTER);
  const keyVaultName = seedWorkloads(cluster);
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const permission = { allow: true };
  const decide = async (requests: unknown[]) =>
    requests.map(() => ({
      result: permission.allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
    }));
  const registry = simRegistry(sim);
  const changeService = await ChangeService.create({
    database: { getClient: async () => db },
    clusters: registry,
    permissions: {
      authorize: decide,
      authorizeConditional: decide,
    } as unknown as PermissionsService,
    logger,
  });
  const app = express();
  app.get(
    '/api/traffic/clusters',
    async (_req, res) => void res.json({ items: await registry.summaries() }),
  );
  app.use('/api/traffic', createChangesRouter({ changeService, httpAuth }));
  app.use(
    (
      error: Error,
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      res
        .status(STATUS[error.name] ?? 500)
        .json({ error: { name: error.name, message: error.message } });
    },
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const baseUrl = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/traffic`;
  const auth = {
    async getPluginRequestToken(options: {
      onBehalfOf: BackstageCredentials;
      targetPluginId: string;
    }) {
      const principal = options.onBehalfOf.principal as {
        type: string;
        userEntityRef?: string;
      };
      if (options.targetPluginId !== 'traffic' || principal.type !== 'user')
        throw new NotAllowedError('not on behalf of a user');
      return { token: principal.userEntityRef! };
    },
  } as unknown as AuthService;
  const discovery = {
    getBaseUrl: async () => baseUrl,
    getExternalBaseUrl: async () => baseUrl,
  } as DiscoveryService;
  return {
    sim,
    cluster,
    db,
    permission,
    keyVaultName,
    registry,
    actions: actionsById(auth, discovery),
    async stop() {
      changeService.stop();
      await new Promise(resolve => server.close(resolve));
      await db.destroy();
      await sim.stop();
    },
  };
}
