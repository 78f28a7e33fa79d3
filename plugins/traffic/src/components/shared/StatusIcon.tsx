import type { ReactNode } from 'react';
import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import type { StatusState } from '@aks-traffic/backstage-plugin-traffic-common';

function Icon(props: { state: StatusState }) {
  switch (props.state) {
    case 'ok':
      return <StatusOK />;
    case 'warning':
      return <StatusWarning />;
    case 'error':
      return <StatusError />;
    case 'pending':
      return <StatusPending />;
    default:
      return <StatusAborted />;
  }
}

/**
 * A view-model state as a Backstage status icon followed by text. The text sits outside
 * the status component because that one is `aria-hidden`: screen readers must still hear it.
 * Icons carry `data-testid="status-<state>"`.
 */
export function StatusIcon(props: {
  state: StatusState;
  children?: ReactNode;
}) {
  return (
    <span
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        whiteSpace: 'normal',
      }}
    >
      <Icon state={props.state} />
      {props.children !== undefined ? <span>{props.children}</span> : null}
    </span>
  );
}
