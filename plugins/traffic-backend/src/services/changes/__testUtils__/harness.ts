import {
  startAksSim,
  type AksSim,
  type SimCluster,
} from '@aks-traffic/aks-sim';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import knexFactory, { Knex } from 'knex';
import { ChangeService, ChangeServiceOptions } from '../../ChangeService';
import { simRegistry } from './simCluster';
import { TrafficCache } from '../../cache';

export interface Harness {
  sim: AksSim;
  cluster: SimCluster;
  db: Knex;
  service: ChangeService;
  /** Flip to deny `traffic.change.create`. */
  permission: { allow: boolean };
  credentials: ReturnType<typeof mockCredentials.user>;
  /** The read path's watch cache, with `withCache` (started; preflight reads from it). */
  cache?: TrafficCache;
  /**
   * From the first real (not dry-run) request of `method` on, the API server answers `status` to
   * those whose path matches `path`: dry-runs pass, the apply fails. Returns the undo.
   */
  /** Adds a Service (and its Namespace when missing), as kubectl would. */
  addService(service: { namespace: string; name: string; port: number }): void;
  failRealWrites(fault: {
    method: 'PATCH' | 'DELETE';
    path: string;
    status: 429 | 500 | 503;
  }): Promise<() => Promise<void>>;
  stop(): Promise<void>;
}

/** A ChangeService over a fresh aks-sim cluster with an httpbin Service (port 8000) in default, and SQLite in memory. */
export async function startHarness(
  options: Partial<ChangeServiceOptions> & {
    gatewayApiVersion?: 'v1.2.1' | 'v1.5.1';
    /** A TrafficCache for preflight reads, started unless 'not-started'. */
    withCache?: boolean | 'not-started';
  } = {},
): Promise<Harness> {
  const sim = await startAksSim({
    clusters: [
      { name: 'aks-test', gatewayApiVersion: options.gatewayApiVersion },
    ],
    seed: 'empty',
  });
  const cluster = sim.cluster('aks-test');
  cluster.store.apply(
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'httpbin',
        namespace: 'default',
        labels: { app: 'httpbin' },
      },
      spec: {
        selector: { app: 'httpbin' },
        ports: [{ name: 'http', port: 8000, targetPort: 8080 }],
      },
    },
    { fieldManager: 'kubectl', force: true },
  );
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const permission = { allow: true };
  const permissions: PermissionsService = {
    authorize: async requests =>
      requests.map(() => ({
        result: permission.allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      })),
    authorizeConditional: async requests =>
      requests.map(() => ({
        result: permission.allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      })),
  } as PermissionsService;
  const registry = simRegistry(sim);
  const logger = mockServices.logger.mock();
  const cache = options.withCache
    ? TrafficCache.create({ registry, logger })
    : undefined;
  if (options.withCache === true) cache?.start();
  const service = await ChangeService.create({
    database: mockServices.database({ knex: db }),
    clusters: registry,
    cache,
    permissions,
    logger,
    ...options,
  });
  return {
    sim,
    cluster,
    db,
    service,
    permission,
    credentials: mockCredentials.user('user:default/alice'),
    cache,
    addService({ namespace, name, port }) {
      cluster.store.apply(
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
        { fieldManager: 'kubectl' },
      );
      cluster.store.apply(
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name, namespace },
          spec: { ports: [{ port }] },
        },
        { fieldManager: 'kubectl' },
      );
    },
    async failRealWrites(fault) {
      const api: any = await registry.get('aks-test').objectApi();
      const name = fault.method === 'PATCH' ? 'patch' : 'delete';
      const original = api[name].bind(api);
      api[name] = (object: any, pretty: any, dryRun: any, ...rest: any[]) => {
        if (!dryRun)
          cluster.faults.set({
            errors: [{ status: fault.status, rate: 1, method: fault.method, path: fault.path }],
          });
        return original(object, pretty, dryRun, ...rest);
      };
      return async () => {
        api[name] = original;
        await cluster.faults.clear();
      };
    },
    async stop() {
      service.stop();
      cache?.stop();
      await db.destroy();
      await sim.stop();
    },
  };
}
