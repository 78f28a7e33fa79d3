import { useRouteRef } from '@backstage/core-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { createFromTemplateRouteRef } from '../routes';

/** The scaffolder template that creates an HTTPRoute (templates/expose-http-route). */
export const CREATE_ROUTE_TEMPLATE = {
  namespace: 'default',
  templateName: 'expose-http-route',
};

/**
 * Link to the "expose over HTTP" template with the entity pre-filled. The scaffolder reads
 * initial form values from the `formData` query parameter (JSON). Undefined when the app
 * did not bind the `createFromTemplate` external route.
 */
export function useCreateRouteLink(entity: Entity): string | undefined {
  const templateRoute = useRouteRef(createFromTemplateRouteRef);
  if (!templateRoute) {
    return undefined;
  }
  // Only a Kubernetes namespace the entity declares; the catalog namespace is a different thing.
  const namespace =
    entity.metadata.annotations?.['backstage.io/kubernetes-namespace'];
  const formData = {
    entityRef: stringifyEntityRef(entity),
    ...(namespace ? { namespace } : {}),
  };
  return `${templateRoute(CREATE_ROUTE_TEMPLATE)}?formData=${encodeURIComponent(
    JSON.stringify(formData),
  )}`;
}
