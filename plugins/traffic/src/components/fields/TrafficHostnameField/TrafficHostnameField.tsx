import TextField from '@material-ui/core/TextField';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import { trafficApiRef } from '../../../api';
import { isGatewayListenerValue, readFormValue } from '../formValues';
import {
  findListenerHostname,
  hostnameSyntaxError,
  listenerMismatchError,
} from './hostnameValidation';

export interface TrafficHostnameFieldUiOptions {
  /** Form field holding the TrafficGatewayPicker value (default `gateway`). */
  gatewayField?: string;
}

/** Scaffolder field: a route hostname, checked against the chosen listener's hostname. */
export function TrafficHostnameField(
  props: FieldExtensionComponentProps<string, TrafficHostnameFieldUiOptions>,
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
  const trafficApi = useApi(trafficApiRef);
  const gatewayField = uiSchema?.['ui:options']?.gatewayField ?? 'gateway';
  const target = readFormValue(formContext?.formData, gatewayField);
  const listener = isGatewayListenerValue(target) ? target : undefined;

  // Shows the listener hostname as a hint while typing; `validation` enforces it on Next.
  const { value: listenerHostname } = useAsync(async () => {
    if (!listener) return undefined;
    const gateways = await trafficApi.listGateways({
      cluster: listener.cluster,
    });
    return findListenerHostname(gateways, listener).hostname;
  }, [
    trafficApi,
    listener?.cluster,
    listener?.namespace,
    listener?.name,
    listener?.sectionName,
  ]);

  const hint = listenerHostname
    ? `Must match ${listenerHostname} (listener ${listener?.sectionName}).`
    : schema.description;
  return (
    <TextField
      fullWidth
      margin="normal"
      id={idSchema?.$id ?? 'traffic-hostname'}
      label={schema.title ?? 'Hostname'}
      placeholder={
        listenerHostname?.startsWith('*.')
          ? `app${listenerHostname.slice(1)}`
          : 'app.example.com'
      }
      required={required}
      value={formData ?? ''}
      onChange={event => onChange(event.target.value.trim())}
      error={(rawErrors?.length ?? 0) > 0}
      helperText={hint}
    />
  );
}

/** Syntax, then the Gateway API wildcard rule against the listener picked in `gatewayField`. */
export const validateTrafficHostname: CustomFieldValidator<
  string,
  TrafficHostnameFieldUiOptions
> = async (hostname, validation, context) => {
  if (!hostname) return;
  const syntaxError = hostnameSyntaxError(hostname);
  if (syntaxError) {
    validation.addError(syntaxError);
    return;
  }
  const gatewayField =
    context.uiSchema?.['ui:options']?.gatewayField ?? 'gateway';
  const target = readFormValue(context.formData, gatewayField);
  if (!isGatewayListenerValue(target)) return;
  const trafficApi = context.apiHolder.get(trafficApiRef);
  if (!trafficApi) return;
  let gateways;
  try {
    gateways = await trafficApi.listGateways({ cluster: target.cluster });
  } catch {
    // The backend re-validates on submit; do not block the form on a lookup failure.
    return;
  }
  const listener = findListenerHostname(gateways, target);
  if (!listener.found) {
    validation.addError(
      `Listener ${target.sectionName} of Gateway ${target.namespace}/${target.name} no longer exists on ${target.cluster}.`,
    );
    return;
  }
  const mismatch = listenerMismatchError(
    hostname,
    listener.hostname,
    target.sectionName,
  );
  if (mismatch) validation.addError(mismatch);
};
