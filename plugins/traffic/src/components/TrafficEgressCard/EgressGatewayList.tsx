import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { CopyTextButton } from '@backstage/core-components';
import type { EgressGatewayView } from '@aks-traffic/backstage-plugin-traffic-common';
import { StatusIcon } from '../shared/StatusIcon';
import { egressAddresses } from './egressText';

export interface EgressGatewayEntry {
  cluster: string;
  gateway: EgressGatewayView;
}

function EgressGatewayItem(
  props: EgressGatewayEntry & { showCluster: boolean },
) {
  const { gateway, cluster, showCluster } = props;
  const addresses = egressAddresses(gateway);
  return (
    <Box mb={2}>
      <Typography variant="body2">
        <StatusIcon state={gateway.ready ? 'ok' : 'pending'}>
          <strong>{gateway.name}</strong> ({gateway.namespace})
          {showCluster ? ` on ${cluster}` : ''}
        </StatusIcon>
      </Typography>
      <Typography variant="caption" component="div" color="textSecondary">
        {gateway.staticGatewayConfiguration
          ? `StaticGatewayConfiguration ${gateway.staticGatewayConfiguration}`
          : 'No StaticGatewayConfiguration'}
        {gateway.revision ? ` · Istio ${gateway.revision}` : ''}
      </Typography>
      {addresses.length > 0 ? (
        <Box display="flex" alignItems="center">
          <Typography
            variant="body1"
            component="code"
            style={{ fontFamily: 'monospace' }}
          >
            {addresses.join(', ')}
          </Typography>
          <CopyTextButton
            text={addresses.join('\n')}
            tooltipText="Copied: paste into your firewall rule"
            aria-label={`Copy egress IPs of ${gateway.name}`}
            variant="tertiary"
          />
        </Box>
      ) : (
        <Typography variant="body2" color="textSecondary">
          Egress IPs not assigned yet
        </Typography>
      )}
      {gateway.prefix.invalid?.length ? (
        <Typography variant="caption" component="div" color="error">
          Not an IP or CIDR: {gateway.prefix.invalid.join(', ')}
        </Typography>
      ) : null}
      {gateway.message ? (
        <Typography variant="caption" component="div">
          {gateway.message}
        </Typography>
      ) : null}
    </Box>
  );
}

/** The egress gateways and the static IPs traffic leaves from, each list copyable. */
export function EgressGatewayList(props: {
  entries: EgressGatewayEntry[];
  showCluster: boolean;
}) {
  return (
    <>
      {props.entries.map(entry => (
        <EgressGatewayItem
          key={`${entry.cluster}/${entry.gateway.namespace}/${entry.gateway.name}`}
          {...entry}
          showCluster={props.showCluster}
        />
      ))}
    </>
  );
}
