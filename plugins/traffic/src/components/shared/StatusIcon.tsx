import type { ReactNode } from 'react';
import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import type { StatusState } from '@aks-traffic/backstage-plugin-traffic-common';

/** Renders a view-model state with the Backstage status components (icon + optional text). */
export function StatusIcon(props: { state: StatusState; children?: ReactNode }) {
  const { state, children } = props;
  switch (state) {
    case 'ok':
      return <StatusOK>{children}</StatusOK>;
    case 'warning':
      return <StatusWarning>{children}</StatusWarning>;
    case 'error':
      return <StatusError>{children}</StatusError>;
    case 'pending':
      return <StatusPending>{children}</StatusPending>;
    default:
      return <StatusAborted>{children}</StatusAborted>;
  }
}
