import { useMemo } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  EmptyState,
  Table,
  type InfoCardVariants,
  type TableColumn,
} from '@backstage/core-components';
import type {
  ClusterTraffic,
  EgressHostView,
} from '@aks-traffic/backstage-plugin-traffic-common';
import { useEntityTraffic } from '../../hooks';
import { TrafficCardFrame } from '../shared/TrafficCardFrame';
import {
  EgressGatewayList,
  type EgressGatewayEntry,
} from './EgressGatewayList';
import { egressModeLabels } from './egressText';

interface EgressHostRow {
  id: string;
  cluster: string;
  host: string;
  view: EgressHostView;
}

function hostColumns(showCluster: boolean): TableColumn<EgressHostRow>[] {
  const columns: TableColumn<EgressHostRow>[] = [
    { title: 'Host', field: 'host' },
    {
      title: 'Ports',
      sorting: false,
      render: row =>
        row.view.ports
          .map(
            port => `${port.number}${port.protocol ? `/${port.protocol}` : ''}`,
          )
          .join(', '),
    },
    {
      title: 'Mode',
      sorting: false,
      render: row => egressModeLabels[row.view.mode],
    },
    {
      title: 'Through',
      sorting: false,
      render: row =>
        row.view.via ? (
          <>
            {row.view.via.egressService ?? row.view.via.gateway}
            <Typography variant="caption" component="div" color="textSecondary">
              Gateway {row.view.via.namespace}/{row.view.via.gateway}
            </Typography>
          </>
        ) : (
          'Sidecar, directly'
        ),
    },
    {
      title: 'ServiceEntry',
      sorting: false,
      render: row =>
        `${
          row.view.serviceEntry.namespace
            ? `${row.view.serviceEntry.namespace}/`
            : ''
        }${row.view.serviceEntry.name}`,
    },
  ];
  if (showCluster) {
    columns.push({ title: 'Cluster', field: 'cluster' });
  }
  return columns;
}

/** One banner per cluster whose outbound policy lets pods reach any host directly. */
function AllowAnyWarnings(props: {
  clusters: ClusterTraffic[];
  showCluster: boolean;
}) {
  const allowAny = props.clusters.filter(
    cluster => cluster.egress.outboundPolicy.mode === 'ALLOW_ANY',
  );
  return (
    <>
      {allowAny.map(cluster => (
        <Box key={cluster.cluster} mb={2}>
          <Alert severity="warning">
            <AlertTitle>
              Outbound traffic is not restricted (ALLOW_ANY)
              {props.showCluster ? ` on ${cluster.cluster}` : ''}
            </AlertTitle>
            Pods can reach any external host directly, bypassing the egress
            gateway and its static IPs, so firewall rules on these IPs do not
            cover all traffic. Policy from{' '}
            {cluster.egress.outboundPolicy.source}. Set{' '}
            <code>outboundTrafficPolicy.mode: REGISTRY_ONLY</code> in the shared
            mesh ConfigMap (istio-shared-configmap-asm-1-XX in aks-istio-system)
            or a namespace Sidecar.
          </Alert>
        </Box>
      ))}
    </>
  );
}

export interface TrafficEgressCardProps {
  variant?: InfoCardVariants;
}

/** Egress IPs (to copy into firewall rules), their egress gateways, allowed hosts and the outbound policy. */
export function TrafficEgressCard(props: TrafficEgressCardProps) {
  const traffic = useEntityTraffic();
  const { answered, showClusterColumn } = traffic;
  const gateways = useMemo<EgressGatewayEntry[]>(
    () =>
      answered.flatMap(cluster =>
        cluster.egress.gateways.map(gateway => ({
          cluster: cluster.cluster,
          gateway,
        })),
      ),
    [answered],
  );
  const hosts = useMemo<EgressHostRow[]>(
    () =>
      answered.flatMap(cluster =>
        cluster.egress.hosts.map(view => ({
          id: `${cluster.cluster}/${view.serviceEntry.namespace ?? ''}/${
            view.serviceEntry.name
          }/${view.host}`,
          cluster: cluster.cluster,
          host: view.host,
          view,
        })),
      ),
    [answered],
  );
  const columns = useMemo(
    () => hostColumns(showClusterColumn),
    [showClusterColumn],
  );

  return (
    <TrafficCardFrame title="Egress" variant={props.variant} traffic={traffic}>
      {() => (
        <>
          <AllowAnyWarnings
            clusters={answered}
            showCluster={showClusterColumn}
          />
          {answered.length > 0 &&
          gateways.length === 0 &&
          hosts.length === 0 ? (
            <EmptyState
              missing="data"
              title="No egress configured for this entity"
              description="Egress IPs and allowed hosts appear when this entity's namespace sends traffic to an external host through a ServiceEntry, typically via an Istio egress gateway with a StaticGatewayConfiguration (template: Egress to an external host)."
            />
          ) : null}
          {gateways.length > 0 ? (
            <Box mb={2}>
              <Typography variant="subtitle2" gutterBottom>
                Egress IPs
              </Typography>
              <EgressGatewayList
                entries={gateways}
                showCluster={showClusterColumn}
              />
            </Box>
          ) : null}
          {hosts.length > 0 ? (
            <Table<EgressHostRow>
              title="Allowed external hosts"
              columns={columns}
              data={hosts}
              options={{
                padding: 'dense',
                paging: hosts.length > 10,
                pageSize: 10,
                search: false,
                draggable: false,
              }}
            />
          ) : null}
          {answered
            .filter(
              cluster => cluster.egress.outboundPolicy.mode === 'REGISTRY_ONLY',
            )
            .map(cluster => (
              <Typography
                key={cluster.cluster}
                variant="caption"
                component="div"
                color="textSecondary"
              >
                Outbound policy REGISTRY_ONLY (
                {cluster.egress.outboundPolicy.scope}) from{' '}
                {cluster.egress.outboundPolicy.source}
                {showClusterColumn ? ` on ${cluster.cluster}` : ''}: only
                registered hosts are reachable.
              </Typography>
            ))}
        </>
      )}
    </TrafficCardFrame>
  );
}
