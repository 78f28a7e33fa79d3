import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { trafficPermissions } from '@aks-traffic/backstage-plugin-traffic-common';
import { createRouter } from './router';
import { createClusterRegistry } from './services/ClusterRegistry';
import { TrafficCache } from './services/cache';
import { EntityTrafficService } from './services/EntityTrafficService';
import { ChangeService } from './services/ChangeService';
import { ChangeStore } from './services/changes/ChangeStore';
import { ApprovalService } from './services/approvals/ApprovalService';

/**
 * The traffic backend plugin, mounted at `/api/traffic`.
 *
 * @public
 */
export const trafficPlugin = createBackendPlugin({
  pluginId: 'traffic',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        database: coreServices.database,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        // Sends through the notifications backend; when it is not installed, sending fails and is logged.
        notifications: notificationService,
      },
      async init({
        logger,
        config,
        httpAuth,
        httpRouter,
        lifecycle,
        permissionsRegistry,
        catalog,
        database,
        permissions,
        auditor,
        scheduler,
        notifications,
      }) {
        permissionsRegistry.addPermissions(trafficPermissions);

        const registry = createClusterRegistry({ config, logger });
        const cache = TrafficCache.create({ registry, logger, config });
        const entityTraffic = EntityTrafficService.create({
          cache,
          catalog,
          logger,
          config,
        });
        const store = await ChangeStore.create({ database });
        const approvals = ApprovalService.create({
          store,
          clusters: registry,
          permissions,
          logger,
          config,
          auditor,
          notifications,
        });
        const changeService = await ChangeService.create({
          database,
          store,
          approvals,
          clusters: registry,
          permissions,
          logger,
          config,
          auditor,
          cache,
        });
        // Finishes approved changes whose apply a stopped backend interrupted (one instance at a time).
        await scheduler.scheduleTask({
          id: 'traffic-resume-interrupted-changes',
          frequency: { minutes: 1 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 30 },
          fn: async () => {
            await approvals.resumeInterrupted();
          },
        });
        // Watches start once the backend is up, so a slow cluster never delays start-up.
        lifecycle.addStartupHook(() => cache.start());
        lifecycle.addShutdownHook(() => {
          cache.stop();
          changeService.stop();
        });

        httpRouter.use(
          await createRouter({
            logger,
            httpAuth,
            cache,
            entityTraffic,
            changeService,
            approvals,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
