import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { startAksSim } from '@aks-traffic/aks-sim';

/**
 * Runs the simulated AKS clusters inside the dev backend so that `npm start` needs no real
 * cluster. Ports and token are fixed in app-config.yaml so the Kubernetes plugin and the
 * traffic plugin can be configured against them like real clusters.
 */
export default createBackendPlugin({
  pluginId: 'aks-sim',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.rootLifecycle,
      },
      async init({ config, logger, lifecycle }) {
        const simConfig = config.getOptionalConfig('aksSim');
        if (!simConfig?.getOptionalBoolean('enabled')) {
          logger.info('aks-sim is disabled (aksSim.enabled is not true)');
          return;
        }
        const clusters = simConfig.getConfigArray('clusters').map(c => ({
          name: c.getString('name'),
          port: c.getNumber('port'),
          gatewayApiVersion: c.getOptionalString('gatewayApiVersion') as
            | 'v1.2.1'
            | 'v1.5.1'
            | undefined,
          istioRevisions: c.getOptionalStringArray('istioRevisions'),
        }));
        const sim = await startAksSim({
          clusters,
          seed: (simConfig.getOptionalString('seed') ?? 'demo') as 'demo',
          token: simConfig.getString('token'),
        });
        for (const cluster of sim.clusters) {
          logger.info(`aks-sim cluster ${cluster.name} serving at ${cluster.url}`);
        }
        lifecycle.addShutdownHook(() => sim.stop());
      },
    });
  },
});
