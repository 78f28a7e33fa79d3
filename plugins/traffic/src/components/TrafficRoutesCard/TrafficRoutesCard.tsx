import { useMemo } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  EmptyState,
  Link,
  LinkButton,
  Table,
  type InfoCardVariants,
  type TableColumn,
} from '@backstage/core-components';
import type { RouteView } from '@aks-traffic/backstage-plugin-traffic-common';
import { useCreateRouteLink, useEntityTraffic } from '../../hooks';
import { TrafficCardFrame } from '../shared/TrafficCardFrame';
import { StatusIcon } from '../shared/StatusIcon';
import { describeEntityMatch } from '../shared/kubernetesHint';
import { formatObjectName } from '../shared/objectRefs';
import { ParentStatusChip } from './ParentStatusChip';
import { RouteDetailPanel } from './RouteDetailPanel';
import { RouteRow, toRouteRows } from './routeRows';

const PAGE_SIZE = 10;

function RouteName(props: { route: RouteView }) {
  const { route } = props;
  return (
    <Box display="flex" alignItems="flex-start">
      <StatusIcon state={route.state} />
      <Box>
        <Typography variant="body2">
          <strong>{route.ref.name}</strong>
        </Typography>
        <Typography variant="caption" color="textSecondary">
          {route.ref.namespace} · {route.kind}
        </Typography>
      </Box>
    </Box>
  );
}

function Hostnames(props: { route: RouteView }) {
  const { route } = props;
  if (route.hostnames.length === 0 && route.urls.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        Any hostname of the listener
      </Typography>
    );
  }
  // The model gives one clickable URL per hostname it could build; other hostnames stay plain text.
  const linked = new Set(route.urls.map(url => safeHost(url)));
  return (
    <>
      {route.urls.map(url => (
        <div key={url}>
          <Link to={url}>{url}</Link>
        </div>
      ))}
      {route.hostnames
        .filter(hostname => !linked.has(hostname))
        .map(hostname => (
          <Typography key={hostname} variant="body2">
            {hostname}
          </Typography>
        ))}
    </>
  );
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

function Rules(props: { route: RouteView }) {
  return (
    <>
      {props.route.rules.map((rule, index) => (
        <Box key={rule.name ?? index} mb={0.5}>
          <Typography variant="body2">
            {rule.matches.length > 0
              ? rule.matches.map(match => match.summary).join(' or ')
              : 'All requests'}
          </Typography>
          <Typography variant="caption" color="textSecondary">
            →{' '}
            {rule.backends.length > 0
              ? rule.backends
                  .map(
                    backend =>
                      `${backend.ref.name}${
                        backend.port ? `:${backend.port}` : ''
                      }${
                        rule.backends.length > 1
                          ? ` ${backend.sharePercent}% (weight ${backend.weight})`
                          : ''
                      }`,
                  )
                  .join(', ')
              : 'no backend'}
          </Typography>
        </Box>
      ))}
    </>
  );
}

function Parents(props: { route: RouteView }) {
  const { route } = props;
  if (route.parents.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No parent Gateway
      </Typography>
    );
  }
  return (
    <>
      {route.parents.map(parent => (
        <Box
          key={`${formatObjectName(parent.gatewayRef)}/${
            parent.sectionName ?? ''
          }/${parent.controllerName ?? ''}`}
          mb={0.5}
        >
          <Typography variant="body2">
            {formatObjectName(parent.gatewayRef)}
            {parent.sectionName ? ` › ${parent.sectionName}` : ''}
          </Typography>
          <ParentStatusChip parent={parent} />
        </Box>
      ))}
    </>
  );
}

function routeColumns(showCluster: boolean): TableColumn<RouteRow>[] {
  const columns: TableColumn<RouteRow>[] = [
    {
      title: 'Route',
      field: 'name',
      render: row => <RouteName route={row.route} />,
    },
    {
      title: 'Hostnames',
      field: 'hostnames',
      render: row => <Hostnames route={row.route} />,
    },
    {
      title: 'Matches → backends',
      field: 'rules',
      sorting: false,
      render: row => <Rules route={row.route} />,
    },
    {
      title: 'Gateway › listener',
      field: 'parents',
      render: row => <Parents route={row.route} />,
    },
  ];
  if (showCluster) {
    columns.push({ title: 'Cluster', field: 'cluster' });
  }
  return columns;
}

export interface TrafficRoutesCardProps {
  variant?: InfoCardVariants;
}

/** HTTPRoutes and TLSRoutes of the entity, with their status per parent Gateway. */
export function TrafficRoutesCard(props: TrafficRoutesCardProps) {
  const traffic = useEntityTraffic();
  const createRouteLink = useCreateRouteLink(traffic.entity);
  const rows = useMemo(() => toRouteRows(traffic.answered), [traffic.answered]);
  const columns = useMemo(
    () => routeColumns(traffic.showClusterColumn),
    [traffic.showClusterColumn],
  );
  const failing = rows.filter(row => row.route.state === 'error').length;

  return (
    <TrafficCardFrame
      title="Routes"
      subheader={
        rows.length > 0
          ? `${rows.length} ${rows.length === 1 ? 'route' : 'routes'}${
              failing ? `, ${failing} failing` : ''
            }`
          : undefined
      }
      variant={props.variant}
      traffic={traffic}
    >
      {() => {
        if (traffic.answered.length === 0 && traffic.failed.length > 0) {
          return null;
        }
        if (rows.length === 0) {
          return (
            <EmptyState
              missing="data"
              title="No routes for this entity"
              description={`Routes appear here when an HTTPRoute or TLSRoute is ${describeEntityMatch(
                traffic.entity,
              )}, or sends traffic to one of this entity's Services.`}
              action={
                createRouteLink ? (
                  <LinkButton
                    to={createRouteLink}
                    variant="contained"
                    color="primary"
                  >
                    Create route
                  </LinkButton>
                ) : undefined
              }
            />
          );
        }
        return (
          <Table<RouteRow>
            columns={columns}
            data={rows}
            options={{
              padding: 'dense',
              paging: rows.length > PAGE_SIZE,
              pageSize: PAGE_SIZE,
              pageSizeOptions: [10, 25, 50],
              search: rows.length > PAGE_SIZE,
              toolbar: rows.length > PAGE_SIZE,
              draggable: false,
            }}
            detailPanel={({ rowData }) => (
              <RouteDetailPanel route={rowData.route} />
            )}
          />
        );
      }}
    </TrafficCardFrame>
  );
}
