import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import type { ClusterTraffic } from '@aks-traffic/backstage-plugin-traffic-common';

const kindLabels: Record<string, string> = {
  unreachable: 'unreachable',
  forbidden: 'access denied',
  unauthorized: 'not authenticated',
  timeout: 'timed out',
  'server-error': 'API server error',
  'not-installed': 'Gateway API or Istio not installed',
  unknown: 'error',
};

/**
 * One warning per cluster that could not be read. Shown above whatever the other
 * clusters returned, so a single broken cluster never hides the rest.
 */
export function ClusterErrors(props: { failed: ClusterTraffic[] }) {
  if (props.failed.length === 0) {
    return null;
  }
  return (
    <Box mb={2}>
      {props.failed.map(cluster => (
        <Box key={cluster.cluster} mb={1}>
          <Alert severity="warning" role="alert">
            <strong>
              Cluster {cluster.cluster} could not be read (
              {kindLabels[cluster.error?.kind ?? 'unknown'] ?? 'error'}):
            </strong>{' '}
            {cluster.error?.message}
            {cluster.lastSync
              ? ` Data from this cluster is missing; last successful sync ${cluster.lastSync}.`
              : ' Data from this cluster is missing.'}
          </Alert>
        </Box>
      ))}
    </Box>
  );
}
