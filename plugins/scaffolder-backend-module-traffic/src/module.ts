import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createTrafficActions } from './actions';

/**
 * Registers the `traffic:*` actions with the scaffolder.
 *
 * @public
 */
export const scaffolderModuleTraffic = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'traffic',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
      },
      async init({ scaffolder, auth, discovery }) {
        scaffolder.addActions(...createTrafficActions({ auth, discovery }));
      },
    });
  },
});
