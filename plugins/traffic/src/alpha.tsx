/**
 * The traffic plugin for Backstage's new frontend system.
 *
 * @packageDocumentation
 */
import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  compatWrapper,
  convertLegacyRouteRef,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import {
  FormFieldBlueprint,
  createFormField,
} from '@backstage/plugin-scaffolder-react/alpha';
import { TrafficClient, trafficApiRef } from './api';
import { isTrafficAvailable } from './isTrafficAvailable';
import {
  approvalsRouteRef,
  createFromTemplateRouteRef,
  entityContentRouteRef,
} from './routes';

/** @alpha */
export const trafficApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: trafficApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new TrafficClient({ discoveryApi, fetchApi }),
    }),
});

/** @alpha */
export const trafficRoutesEntityCard = EntityCardBlueprint.make({
  name: 'routes',
  params: {
    filter: isTrafficAvailable,
    loader: () =>
      import('./components/TrafficRoutesCard').then(m =>
        compatWrapper(<m.TrafficRoutesCard />),
      ),
  },
});

/** @alpha */
export const trafficCertificatesEntityCard = EntityCardBlueprint.make({
  name: 'certificates',
  params: {
    filter: isTrafficAvailable,
    loader: () =>
      import('./components/TrafficCertificatesCard').then(m =>
        compatWrapper(<m.TrafficCertificatesCard variant="gridItem" />),
      ),
  },
});

/** @alpha */
export const trafficEgressEntityCard = EntityCardBlueprint.make({
  name: 'egress',
  params: {
    filter: isTrafficAvailable,
    loader: () =>
      import('./components/TrafficEgressCard').then(m =>
        compatWrapper(<m.TrafficEgressCard variant="gridItem" />),
      ),
  },
});

/** @alpha */
export const trafficEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'traffic',
    title: 'Traffic',
    filter: isTrafficAvailable,
    routeRef: convertLegacyRouteRef(entityContentRouteRef),
    loader: () =>
      import('./components/TrafficContent').then(m =>
        compatWrapper(<m.TrafficContent />),
      ),
  },
});

/** @alpha */
export const trafficApprovalsPage = PageBlueprint.make({
  params: {
    path: '/traffic-approvals',
    title: 'Traffic approvals',
    routeRef: convertLegacyRouteRef(approvalsRouteRef),
    loader: () =>
      import('./components/TrafficApprovalsPage').then(m =>
        compatWrapper(<m.TrafficApprovalsPage />),
      ),
  },
});

/** @alpha */
export const trafficClusterPickerFormField = FormFieldBlueprint.make({
  name: 'traffic-cluster-picker',
  params: {
    field: () =>
      import('./components/fields').then(m =>
        createFormField({
          name: 'TrafficClusterPicker',
          component: m.TrafficClusterPicker,
        }),
      ),
  },
});

/** @alpha */
export const trafficGatewayPickerFormField = FormFieldBlueprint.make({
  name: 'traffic-gateway-picker',
  params: {
    field: () =>
      import('./components/fields').then(m =>
        createFormField({
          name: 'TrafficGatewayPicker',
          component: m.TrafficGatewayPicker,
          validation: m.validateGatewayListener,
        }),
      ),
  },
});

/** @alpha */
export const trafficHostnameFormField = FormFieldBlueprint.make({
  name: 'traffic-hostname',
  params: {
    field: () =>
      import('./components/fields').then(m =>
        createFormField({
          name: 'TrafficHostnameField',
          component: m.TrafficHostnameField,
          validation: m.validateTrafficHostname,
        }),
      ),
  },
});

/** @alpha */
export default createFrontendPlugin({
  pluginId: 'traffic',
  title: 'Traffic',
  routes: convertLegacyRouteRefs({
    approvals: approvalsRouteRef,
    entityContent: entityContentRouteRef,
  }),
  externalRoutes: convertLegacyRouteRefs({
    createFromTemplate: createFromTemplateRouteRef,
  }),
  extensions: [
    trafficApi,
    trafficRoutesEntityCard,
    trafficCertificatesEntityCard,
    trafficEgressEntityCard,
    trafficEntityContent,
    trafficApprovalsPage,
    trafficClusterPickerFormField,
    trafficGatewayPickerFormField,
    trafficHostnameFormField,
  ],
});
