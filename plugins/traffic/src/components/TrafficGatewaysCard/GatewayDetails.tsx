import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Table, type TableColumn } from '@backstage/core-components';
import type {
  GatewayDeploymentMode,
  GatewayView,
  ListenerView,
  StatusState,
  WorkloadHealth,
} from '@aks-traffic/backstage-plugin-traffic-common';
import { StatusIcon } from '../shared/StatusIcon';
import { formatObjectName } from '../shared/objectRefs';

const deploymentModeLabels: Record<GatewayDeploymentMode, string> = {
  automated:
    'Automated deployment (Istio creates <gateway>-istio Deployment, Service, HPA, PDB)',
  manual: 'Manual deployment (Hostname address of an existing gateway Service)',
  'external-controller': 'Managed by another controller',
};

const revisionSourceLabels = {
  'gateway-label': 'istio.io/rev label on the Gateway',
  'namespace-label': 'namespace label',
  'highest-installed': 'highest installed revision',
};

const listenerColumns: TableColumn<ListenerView>[] = [
  { title: 'Listener', field: 'name' },
  {
    title: 'Protocol',
    render: l => `${l.protocol}/${l.port}${l.tlsMode ? ` (${l.tlsMode})` : ''}`,
  },
  { title: 'Hostname', render: l => l.hostname ?? 'any' },
  {
    title: 'Attached routes',
    field: 'attachedRoutes',
    render: l => l.attachedRoutes ?? '–',
  },
  {
    title: 'Status',
    render: l => {
      const problem = l.problem;
      return (
        <>
          <StatusIcon state={l.state}>
            {problem ? problem.message : 'Programmed'}
          </StatusIcon>
          {problem?.fix ? (
            <Typography variant="caption" component="div">
              <em>Fix: {problem.fix}</em>
            </Typography>
          ) : null}
        </>
      );
    },
  },
];

function HealthLine(props: {
  label: string;
  state: StatusState;
  name: string;
  message: string;
}) {
  return (
    <Typography variant="body2" component="div">
      <StatusIcon state={props.state}>
        {props.label} {props.name}: {props.message}
      </StatusIcon>
    </Typography>
  );
}

function Workload(props: { workload: WorkloadHealth }) {
  const { deployment, service, hpa, pdb } = props.workload;
  return (
    <Box mt={1}>
      {deployment ? <HealthLine label="Deployment" {...deployment} /> : null}
      {service ? <HealthLine label="Service" {...service} /> : null}
      {hpa ? <HealthLine label="HorizontalPodAutoscaler" {...hpa} /> : null}
      {pdb ? <HealthLine label="PodDisruptionBudget" {...pdb} /> : null}
    </Box>
  );
}

/** One Gateway: addresses, control plane, listeners with attached routes, generated workload health. */
export function GatewayDetails(props: {
  gateway: GatewayView;
  cluster?: string;
}) {
  const { gateway, cluster } = props;
  return (
    <Box mb={3}>
      <Typography variant="h6">
        <StatusIcon state={gateway.state}>
          Gateway {formatObjectName(gateway.ref)}
          {cluster ? ` on ${cluster}` : ''}
        </StatusIcon>
      </Typography>
      {gateway.problem ? (
        <Typography variant="body2" color="error">
          {gateway.problem.message}
          {gateway.problem.fix ? ` Fix: ${gateway.problem.fix}` : ''}
        </Typography>
      ) : null}
      <Typography variant="body2">
        Class {gateway.className ?? 'unknown'} ·{' '}
        {deploymentModeLabels[gateway.deploymentMode]}
      </Typography>
      <Typography variant="body2">
        Istio revision:{' '}
        {gateway.revision
          ? `${gateway.revision}${
              gateway.revisionSource
                ? ` (from ${revisionSourceLabels[gateway.revisionSource]})`
                : ''
            }`
          : 'unknown'}
      </Typography>
      <Typography variant="body2">
        Addresses:{' '}
        {gateway.addresses.length > 0
          ? gateway.addresses
              .map(address => `${address.value} (${address.type})`)
              .join(', ')
          : 'none assigned yet'}
      </Typography>
      {gateway.workload ? <Workload workload={gateway.workload} /> : null}
      <Box mt={1}>
        <Table<ListenerView>
          columns={listenerColumns}
          data={gateway.listeners.map(listener => ({ ...listener }))}
          options={{
            paging: false,
            search: false,
            toolbar: false,
            padding: 'dense',
            draggable: false,
          }}
        />
      </Box>
    </Box>
  );
}
