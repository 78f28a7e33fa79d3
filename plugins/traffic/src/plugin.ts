import { createPlugin } from '@backstage/core-plugin-api';
import { approvalsRouteRef, createFromTemplateRouteRef } from './routes';

export const trafficPlugin = createPlugin({
  id: 'traffic',
  routes: { approvals: approvalsRouteRef },
  externalRoutes: { createFromTemplate: createFromTemplateRouteRef },
});
