import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { RouteView } from '@aks-traffic/backstage-plugin-traffic-common';
import { StatusIcon } from '../shared/StatusIcon';
import { formatObjectName } from '../shared/objectRefs';
import { CheckLine } from './ParentStatusChip';

/** Expanded row: every parent's conditions with sentence and fix, and the rules' filters. */
export function RouteDetailPanel(props: { route: RouteView }) {
  const { route } = props;
  const filters = route.rules.flatMap(rule => rule.filters);
  return (
    <Box px={4} py={2}>
      {route.parents.length === 0 ? (
        <Typography variant="body2">
          This route has no parentRefs, so no Gateway serves it. Add a parentRef
          to a Gateway listener.
        </Typography>
      ) : null}
      {route.parents.map(parent => (
        <Box
          key={`${formatObjectName(parent.gatewayRef)}/${
            parent.sectionName ?? ''
          }/${parent.controllerName ?? ''}`}
          mb={2}
        >
          <Typography variant="subtitle2" gutterBottom>
            <StatusIcon state={parent.state} />
            Gateway {formatObjectName(parent.gatewayRef)}
            {parent.sectionName ? `, listener ${parent.sectionName}` : ''}
            {parent.controllerName ? ` (${parent.controllerName})` : ''}
          </Typography>
          <CheckLine name="Accepted" check={parent.accepted} />
          <CheckLine name="ResolvedRefs" check={parent.resolvedRefs} />
        </Box>
      ))}
      {filters.length > 0 ? (
        <Typography variant="body2">
          <strong>Filters:</strong>{' '}
          {filters.map(filter => filter.summary).join('; ')}
        </Typography>
      ) : null}
    </Box>
  );
}
