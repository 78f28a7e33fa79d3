import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/core-plugin-api';

/** The platform team's approvals page. */
export const approvalsRouteRef = createRouteRef({ id: 'traffic:approvals' });

/** The Traffic tab on an entity page. */
export const entityContentRouteRef = createRouteRef({
  id: 'traffic:entity-content',
});

/** A template page in the scaffolder, for "create a route" links on the Traffic tab. */
export const createFromTemplateRouteRef = createExternalRouteRef({
  id: 'traffic:create-from-template',
  optional: true,
  params: ['namespace', 'templateName'],
});
