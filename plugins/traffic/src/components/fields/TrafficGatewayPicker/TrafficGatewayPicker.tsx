import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import { trafficApiRef } from '../../../api';
import {
  isGatewayListenerValue,
  readFormString,
  type GatewayListenerValue,
} from '../formValues';
import { gatewayListenerOptions, listenerKey } from './gatewayListenerOptions';

export interface TrafficGatewayPickerUiOptions {
  /** Form field holding the cluster name (default `cluster`). */
  clusterField?: string;
  /** Form field holding the route's namespace (default `namespace`). */
  namespaceField?: string;
}

/**
 * Scaffolder field: the Gateway listener a new route attaches to, for the cluster chosen in
 * another field. Listeners that would reject a route from the route's namespace are shown
 * disabled, with the reason.
 */
export function TrafficGatewayPicker(
  props: FieldExtensionComponentProps<
    GatewayListenerValue,
    TrafficGatewayPickerUiOptions
  >,
) {
  const {
    formData,
    onChange,
    schema,
    uiSchema,
    required,
    rawErrors,
    formContext,
    idSchema,
  } = props;
  const options = uiSchema?.['ui:options'] ?? {};
  const allFormData = formContext?.formData;
  const cluster = readFormString(
    allFormData,
    options.clusterField ?? 'cluster',
  );
  const routeNamespace = readFormString(
    allFormData,
    options.namespaceField ?? 'namespace',
  );
  const trafficApi = useApi(trafficApiRef);

  const {
    value: gateways,
    loading,
    error,
  } = useAsync(
    // The backend narrows to gateways a route from this namespace may attach to; the
    // options still re-check allowedRoutes in case it returns every gateway.
    async () =>
      cluster
        ? trafficApi.listGateways({ cluster, namespace: routeNamespace })
        : [],
    [trafficApi, cluster, routeNamespace],
  );
  const listenerOptions = gatewayListenerOptions(
    gateways ?? [],
    routeNamespace,
  );
  const selectedKey = formData?.sectionName ? listenerKey(formData) : '';

  let helperText: string | undefined = schema.description;
  if (!cluster) helperText = 'Choose a cluster first.';
  else if (error)
    helperText = `Could not list gateways on ${cluster}: ${error.message}`;
  else if (!loading && listenerOptions.length === 0)
    helperText = `No gateways on ${cluster}. Create one with the Gateway template.`;

  return (
    <TextField
      select
      fullWidth
      margin="normal"
      id={idSchema?.$id ?? 'traffic-gateway-picker'}
      label={schema.title ?? 'Gateway listener'}
      required={required}
      disabled={!cluster || loading}
      value={
        listenerOptions.some(option => option.key === selectedKey)
          ? selectedKey
          : ''
      }
      onChange={event => {
        const option = listenerOptions.find(
          candidate => candidate.key === event.target.value,
        );
        onChange(option?.value as GatewayListenerValue);
      }}
      error={Boolean(error) || (rawErrors?.length ?? 0) > 0}
      helperText={helperText}
      SelectProps={{
        renderValue: key =>
          listenerOptions.find(option => option.key === key)?.label ?? '',
      }}
    >
      {listenerOptions.map(option => (
        <MenuItem
          key={option.key}
          value={option.key}
          disabled={Boolean(option.blockedReason)}
        >
          <div>
            <Typography variant="body2">{option.label}</Typography>
            {option.blockedReason ? (
              <Typography variant="caption" color="textSecondary">
                Not available: {option.blockedReason}
              </Typography>
            ) : null}
          </div>
        </MenuItem>
      ))}
    </TextField>
  );
}

/** A picked value must name a listener, not just a Gateway (routes attach per listener here). */
export const validateGatewayListener: CustomFieldValidator<
  GatewayListenerValue,
  TrafficGatewayPickerUiOptions
> = (value, validation) => {
  if (value && !isGatewayListenerValue(value)) {
    validation.addError('Choose a listener of a Gateway.');
  }
};
