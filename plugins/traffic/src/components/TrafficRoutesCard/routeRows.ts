import type {
  ClusterTraffic,
  RouteView,
} from '@aks-traffic/backstage-plugin-traffic-common';
import { formatObjectName } from '../shared/objectRefs';
import { parentStatusLabel } from './ParentStatusChip';

/** One table row. Text fields are precomputed once so sorting and search stay cheap with 1,000 routes. */
export interface RouteRow {
  id: string;
  cluster: string;
  route: RouteView;
  name: string;
  hostnames: string;
  rules: string;
  parents: string;
}

export function toRouteRows(clusters: ClusterTraffic[]): RouteRow[] {
  return clusters.flatMap(cluster =>
    cluster.routes.map(route => ({
      id: `${cluster.cluster}/${route.kind}/${formatObjectName(route.ref)}`,
      cluster: cluster.cluster,
      route,
      name: formatObjectName(route.ref),
      hostnames: route.hostnames.join(' '),
      rules: route.rules
        .map(rule =>
          [
            ...rule.matches.map(match => match.summary),
            ...rule.backends.map(backend => backend.ref.name),
          ].join(' '),
        )
        .join(' '),
      parents: route.parents
        .map(
          parent =>
            `${formatObjectName(parent.gatewayRef)} ${
              parent.sectionName ?? ''
            } ${parentStatusLabel(parent)} ${parent.problem?.reason ?? ''}`,
        )
        .join(' '),
    })),
  );
}
