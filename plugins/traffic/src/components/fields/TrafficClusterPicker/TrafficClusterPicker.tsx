import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import type { ClusterSummary } from '@aks-traffic/backstage-plugin-traffic-common';
import { trafficApiRef } from '../../../api';
import { StatusIcon } from '../../shared/StatusIcon';

export interface TrafficClusterPickerUiOptions {
  /** Hide clusters the backend cannot reach (default: show them, disabled). */
  hideUnreachable?: boolean;
}

function clusterDetails(cluster: ClusterSummary): string {
  if (!cluster.reachable) {
    return `unreachable${cluster.error ? `: ${cluster.error}` : ''}`;
  }
  const parts = [
    cluster.gatewayApiVersion
      ? `Gateway API ${cluster.gatewayApiVersion}`
      : 'Gateway API not found',
    cluster.istioRevisions.length > 0
      ? `Istio ${cluster.istioRevisions.join(', ')}`
      : 'no Istio revision',
  ];
  return parts.join(' · ');
}

/** Scaffolder field: one of the clusters the traffic backend knows, with its reachability. */
export function TrafficClusterPicker(
  props: FieldExtensionComponentProps<string, TrafficClusterPickerUiOptions>,
) {
  const {
    formData,
    onChange,
    schema,
    uiSchema,
    required,
    rawErrors,
    idSchema,
  } = props;
  const trafficApi = useApi(trafficApiRef);
  const {
    value: clusters,
    loading,
    error,
  } = useAsync(() => trafficApi.listClusters(), [trafficApi]);
  const hideUnreachable = uiSchema?.['ui:options']?.hideUnreachable ?? false;
  const shown = (clusters ?? []).filter(
    cluster => cluster.reachable || !hideUnreachable,
  );
  const selected = clusters?.find(cluster => cluster.name === formData);

  let helperText: string | undefined = schema.description;
  if (error) helperText = `Could not list clusters: ${error.message}`;
  else if (selected) helperText = clusterDetails(selected);

  return (
    <TextField
      select
      fullWidth
      margin="normal"
      id={idSchema?.$id ?? 'traffic-cluster-picker'}
      label={schema.title ?? 'Cluster'}
      required={required}
      disabled={loading}
      value={shown.some(cluster => cluster.name === formData) ? formData : ''}
      onChange={event => onChange(event.target.value as string)}
      error={Boolean(error) || (rawErrors?.length ?? 0) > 0}
      helperText={helperText}
      SelectProps={{ renderValue: value => value as string }}
    >
      {shown.map(cluster => (
        <MenuItem
          key={cluster.name}
          value={cluster.name}
          disabled={!cluster.reachable}
        >
          <div>
            <StatusIcon state={cluster.reachable ? 'ok' : 'error'}>
              {cluster.name}
            </StatusIcon>
            <Typography variant="caption" component="div" color="textSecondary">
              {clusterDetails(cluster)}
            </Typography>
          </div>
        </MenuItem>
      ))}
    </TextField>
  );
}
