import type { Entity } from '@backstage/catalog-model';

export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';

/** Says how the backend finds this entity's objects, for empty-state messages. */
export function describeEntityMatch(entity: Entity): string {
  const annotations = entity.metadata.annotations ?? {};
  const id = annotations[KUBERNETES_ID_ANNOTATION];
  if (id) {
    return `labelled backstage.io/kubernetes-id=${id}`;
  }
  const selector = annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION];
  if (selector) {
    return `matching the label selector ${selector}`;
  }
  return `labelled backstage.io/kubernetes-id=<id> (add the ${KUBERNETES_ID_ANNOTATION} annotation to this entity)`;
}
