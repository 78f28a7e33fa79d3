import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { trafficPermissions } from '@aks-traffic/backstage-plugin-traffic-common';
import { createRouter } from './router';

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
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({ logger, httpAuth, httpRouter, permissionsRegistry }) {
        permissionsRegistry.addPermissions(trafficPermissions);
        httpRouter.use(await createRouter({ logger, httpAuth }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
