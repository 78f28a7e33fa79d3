/*
 * The dev portal's backend: catalog, scaffolder, auth (guest), permissions, the Kubernetes
 * plugin (for comparison), notifications, and the aks-traffic plugins. When `aksSim.enabled`
 * is set (the default in app-config.yaml) it also runs the simulated AKS clusters in-process.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('./plugins/aksSim'));

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./plugins/permissionPolicy'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@aks-traffic/backstage-plugin-scaffolder-backend-module-traffic'),
);

backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@aks-traffic/backstage-plugin-traffic-backend'));

backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
