/** metav1.LabelSelector matching for the controllers: the shared implementation of traffic-common. */
export {
  matchesMetaLabelSelector as matchesLabelSelector,
  type MetaLabelSelector as LabelSelector,
} from '@aks-traffic/backstage-plugin-traffic-common';
