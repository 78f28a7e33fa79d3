import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { TrafficClient, trafficApiRef } from './api';
import {
  approvalsRouteRef,
  createFromTemplateRouteRef,
  entityContentRouteRef,
} from './routes';
import {
  TrafficClusterPicker,
  TrafficGatewayPicker,
  TrafficHostnameField,
  validateGatewayListener,
  validateTrafficHostname,
} from './components/fields';

/** The traffic frontend plugin (legacy frontend system; see `/alpha` for the new one). */
export const trafficPlugin = createPlugin({
  id: 'traffic',
  apis: [
    createApiFactory({
      api: trafficApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new TrafficClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    approvals: approvalsRouteRef,
    entityContent: entityContentRouteRef,
  },
  externalRoutes: {
    createFromTemplate: createFromTemplateRouteRef,
  },
});

/** Routes of the entity, with status per parent Gateway. */
export const EntityTrafficRoutesCard = trafficPlugin.provide(
  createComponentExtension({
    name: 'EntityTrafficRoutesCard',
    component: {
      lazy: () =>
        import('./components/TrafficRoutesCard').then(m => m.TrafficRoutesCard),
    },
  }),
);

/** TLS certificates serving the entity's routes. */
export const EntityTrafficCertificatesCard = trafficPlugin.provide(
  createComponentExtension({
    name: 'EntityTrafficCertificatesCard',
    component: {
      lazy: () =>
        import('./components/TrafficCertificatesCard').then(
          m => m.TrafficCertificatesCard,
        ),
    },
  }),
);

/** Egress IPs, allowed external hosts and outbound policy. */
export const EntityTrafficEgressCard = trafficPlugin.provide(
  createComponentExtension({
    name: 'EntityTrafficEgressCard',
    component: {
      lazy: () =>
        import('./components/TrafficEgressCard').then(m => m.TrafficEgressCard),
    },
  }),
);

/** The entity's Traffic tab. */
export const EntityTrafficContent = trafficPlugin.provide(
  createRoutableExtension({
    name: 'EntityTrafficContent',
    component: () =>
      import('./components/TrafficContent').then(m => m.TrafficContent),
    mountPoint: entityContentRouteRef,
  }),
);

/** The platform team's approvals page (mount at e.g. `/traffic-approvals`). */
export const TrafficApprovalsPage = trafficPlugin.provide(
  createRoutableExtension({
    name: 'TrafficApprovalsPage',
    component: () =>
      import('./components/TrafficApprovalsPage').then(
        m => m.TrafficApprovalsPage,
      ),
    mountPoint: approvalsRouteRef,
  }),
);

/** Template field `ui:field: TrafficClusterPicker`. */
export const TrafficClusterPickerFieldExtension = trafficPlugin.provide(
  createScaffolderFieldExtension({
    name: 'TrafficClusterPicker',
    component: TrafficClusterPicker,
    schema: {
      returnValue: { type: 'string' },
      uiOptions: {
        type: 'object',
        properties: {
          hideUnreachable: {
            type: 'boolean',
            description: 'Hide clusters the traffic backend cannot reach',
          },
        },
      },
    },
  }),
);

/** Template field `ui:field: TrafficGatewayPicker`; value `{ cluster, namespace, name, sectionName }`. */
export const TrafficGatewayPickerFieldExtension = trafficPlugin.provide(
  createScaffolderFieldExtension({
    name: 'TrafficGatewayPicker',
    component: TrafficGatewayPicker,
    validation: validateGatewayListener,
    schema: {
      returnValue: {
        type: 'object',
        required: ['cluster', 'namespace', 'name', 'sectionName'],
        properties: {
          cluster: { type: 'string' },
          namespace: { type: 'string' },
          name: { type: 'string' },
          sectionName: { type: 'string' },
        },
      },
      uiOptions: {
        type: 'object',
        properties: {
          clusterField: {
            type: 'string',
            description: 'Form field with the cluster name (default cluster)',
          },
          namespaceField: {
            type: 'string',
            description:
              "Form field with the route's namespace (default namespace)",
          },
        },
      },
    },
  }),
);

/** Template field `ui:field: TrafficHostnameField`, validated against the chosen listener. */
export const TrafficHostnameFieldExtension = trafficPlugin.provide(
  createScaffolderFieldExtension({
    name: 'TrafficHostnameField',
    component: TrafficHostnameField,
    validation: validateTrafficHostname,
    schema: {
      returnValue: { type: 'string' },
      uiOptions: {
        type: 'object',
        properties: {
          gatewayField: {
            type: 'string',
            description:
              'Form field with the TrafficGatewayPicker value (default gateway)',
          },
        },
      },
    },
  }),
);
