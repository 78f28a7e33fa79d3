import { startAksSim, type AksSim, type SimCluster } from '@aks-traffic/aks-sim';
import type { AuditorService, PermissionsService } from '@backstage/backend-plugin-api';
import { mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { NotificationSendOptions, NotificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import express from 'express';
import knexFactory, { Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApprovalsRouter } from '../../../routes/approvalsRoutes';
import { createChangesRouter } from '../../../routes/changesRoutes';
import { ChangeService } from '../../ChangeService';
import { ChangeStore } from '../../changes/ChangeStore';
import type { ClusterConnection, ClusterRegistry } from '../../types';
import { ApprovalService } from '../ApprovalService';
import { CountingProxy } from './countingProxy';
import type { TestPostgres } from './postgres';

export const CLUSTER = 'aks-test';
export const REQUESTER = 'user:default/alice';
export const APPROVER = 'user:default/pat';
export const OTHER_APPROVER = 'user:default/sam';
export const NON_APPROVER = 'user:default/bob';
export const APPROVER_GROUP = 'group:default/platform-team';

/** The approval settings most tests use (every built-in rule on). */
export const APPROVALS_CONFIG = {
  require: {
    newGateway: true,
    publicLoadBalancer: true,
    allowedRoutesFromAll: true,
    crossNamespaceReferenceGrant: true,
    newEgressHost: true,
  },
  protectedNamespaces: ['aks-istio-ingress'],
  notify: [APPROVER_GROUP],
};

/** `traffic.change.create` for everyone (switchable), `traffic.change.approve` for `approvers`. */
export class TestPermissions {
  canCreate = true;
  readonly approvers = new Set([APPROVER, OTHER_APPROVER]);
  readonly service = {
    authorize: async (requests, options) => {
      const principal = options.credentials.principal as { userEntityRef?: string };
      return requests.map(request => {
        const allowed =
          request.permission.name === 'traffic.change.approve' ? this.approvers.has(principal.userEntityRef ?? '') : this.canCreate;
        return { result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
      });
    },
    authorizeConditional: async requests => requests.map(() => ({ result: AuthorizeResult.DENY })),
  } as PermissionsService;
}

export interface AuditRecord {
  eventId: string;
  severityLevel?: string;
  meta: Record<string, unknown>;
  outcome: 'started' | 'success' | 'fail';
  error?: string;
}

function recordingAuditor(events: AuditRecord[]): AuditorService {
  return {
    async createEvent(options) {
      const event: AuditRecord = { eventId: options.eventId, severityLevel: options.severityLevel, meta: { ...(options.meta ?? {}) }, outcome: 'started' };
      events.push(event);
      return {
        async success(result) {
          Object.assign(event, { outcome: 'success', meta: { ...event.meta, ...(result?.meta ?? {}) } });
        },
        async fail(result) {
          Object.assign(event, { outcome: 'fail', error: result.error.message, meta: { ...event.meta, ...(result.meta ?? {}) } });
        },
      };
    },
  } as AuditorService;
}

/** One backend instance: its own database pool, store, services and HTTP app. */
export interface Instance {
  db: Knex;
  store: ChangeStore;
  changes: ChangeService;
  approvals: ApprovalService;
  app: express.Express;
  notifications: NotificationSendOptions[];
  audits: AuditRecord[];
  stop(): Promise<void>;
}

export type DatabaseKind = 'sqlite' | 'postgres';

/** A cluster (behind a counting proxy) and a database that backend instances share. */
export interface World {
  sim: AksSim;
  cluster: SimCluster;
  proxy: CountingProxy;
  permissions: TestPermissions;
  database: DatabaseKind;
  startInstance(options?: { approvals?: object; notifications?: 'recorded' | 'failing' | 'absent' }): Promise<Instance>;
  stop(): Promise<void>;
}

/** A ClusterRegistry whose one cluster is reached through the proxy. */
function proxiedRegistry(cluster: SimCluster, proxyUrl: string): ClusterRegistry {
  const options = cluster.kubeConfig();
  const kc = new KubeConfig();
  kc.loadFromOptions({ ...options, clusters: options.clusters.map(c => ({ ...c, server: proxyUrl })) });
  const api = KubernetesObjectApi.makeApiClient(kc);
  const connection: ClusterConnection = {
    name: cluster.name,
    gatewayApiVersion: async () => cluster.info.gatewayApiVersion,
    kubeConfig: async () => kc,
    objectApi: async () => api,
  };
  return {
    list: () => [connection],
    get(name) {
      if (name !== cluster.name) throw new Error(`unknown cluster ${name}`);
      return connection;
    },
    summaries: async () => [
      { name: cluster.name, reachable: true, gatewayApiVersion: cluster.info.gatewayApiVersion, istioRevisions: [...(cluster.info.istioRevisions ?? [])] },
    ],
  };
}

/** What every world's cluster holds: the httpbin Service (port 8000) and a shared Gateway `shared` in default. */
function seedCluster(cluster: SimCluster) {
  const apply = (object: any) => cluster.store.apply(object, { fieldManager: 'kubectl', force: true });
  apply({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'httpbin', namespace: 'default', labels: { app: 'httpbin' } },
    spec: { selector: { app: 'httpbin' }, ports: [{ name: 'http', port: 8000, targetPort: 8080 }] },
  });
  apply({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'shared', namespace: 'default' },
    spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'Same' } } }] },
  });
}

/**
 * Starts aks-sim, a counting proxy and a database: SQLite (a file, so instances and restarts
 * share it) or PostgreSQL (a fresh database on `postgres`).
 */
export async function startWorld(options: { database: DatabaseKind; postgres?: TestPostgres }): Promise<World> {
  const sim = await startAksSim({ clusters: [{ name: CLUSTER }], seed: 'empty' });
  const cluster = sim.cluster(CLUSTER);
  seedCluster(cluster);
  const proxy = await CountingProxy.start(cluster.url);
  const permissions = new TestPermissions();
  let connect: () => Knex;
  let cleanup = async () => {};
  if (options.database === 'postgres') {
    if (!options.postgres) throw new Error('startWorld: give the TestPostgres for database postgres');
    const connection = await options.postgres.createDatabase();
    connect = () => knexFactory({ client: 'pg', connection, pool: { min: 0, max: 10 } });
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'traffic-sqlite-'));
    const filename = path.join(dir, 'traffic.sqlite');
    connect = () => knexFactory({ client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true });
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const registry = proxiedRegistry(cluster, proxy.url);
  const instances: Instance[] = [];

  return {
    sim,
    cluster,
    proxy,
    permissions,
    database: options.database,
    async startInstance(instanceOptions = {}) {
      const db = connect();
      const notifications: NotificationSendOptions[] = [];
      const audits: AuditRecord[] = [];
      const mode = instanceOptions.notifications ?? 'recorded';
      const notificationService: NotificationService | undefined =
        mode === 'absent'
          ? undefined
          : {
              async send(sent) {
                if (mode === 'failing') throw new Error('Failed to send notifications: Request failed with status 404');
                notifications.push(sent);
              },
            };
      const config = new ConfigReader({
        app: { baseUrl: 'http://localhost:3000' },
        traffic: { approvals: instanceOptions.approvals ?? APPROVALS_CONFIG },
      });
      const logger = mockServices.logger.mock();
      const auditor = recordingAuditor(audits);
      const database = mockServices.database({ knex: db });
      const store = await ChangeStore.create({ database });
      const approvals = ApprovalService.create({
        store,
        clusters: registry,
        permissions: permissions.service,
        logger,
        config,
        auditor,
        notifications: notificationService,
      });
      const changes = await ChangeService.create({ database, store, approvals, clusters: registry, permissions: permissions.service, logger, config, auditor });
      const httpAuth = mockServices.httpAuth();
      const app = express()
        .use(createChangesRouter({ changeService: changes, httpAuth }))
        .use(createApprovalsRouter({ approvals, httpAuth }))
        .use(mockErrorHandler());
      const instance: Instance = {
        db,
        store,
        changes,
        approvals,
        app,
        notifications,
        audits,
        async stop() {
          instances.splice(instances.indexOf(instance), 1);
          changes.stop();
          await db.destroy();
        },
      };
      instances.push(instance);
      return instance;
    },
    async stop() {
      for (const instance of [...instances]) await instance.stop();
      await proxy.stop();
      await sim.stop();
      await cleanup();
    },
  };
}
