import type { GatewayOption } from '@aks-traffic/backstage-plugin-traffic-common';
import type { GatewayListenerValue } from '../formValues';

export interface GatewayListenerOption {
  key: string;
  value: GatewayListenerValue;
  label: string;
  hostname?: string;
  /** Why a route in the chosen namespace cannot attach here; undefined when it can. */
  blockedReason?: string;
}

export const listenerKey = (value: GatewayListenerValue) =>
  `${value.cluster}/${value.namespace}/${value.name}/${value.sectionName}`;

/** Every listener of every gateway, with whether a route from `routeNamespace` may attach to it. */
export function gatewayListenerOptions(
  gateways: GatewayOption[],
  routeNamespace?: string,
): GatewayListenerOption[] {
  return gateways.flatMap(gateway =>
    gateway.listeners.map(listener => {
      const value = {
        cluster: gateway.cluster,
        namespace: gateway.namespace,
        name: gateway.name,
        sectionName: listener.name,
      };
      let blockedReason: string | undefined;
      if (
        routeNamespace &&
        listener.allowedRoutesFrom === 'Same' &&
        gateway.namespace !== routeNamespace
      ) {
        blockedReason = `admits routes only from namespace ${gateway.namespace}`;
      } else if (
        routeNamespace &&
        listener.allowedRoutesFrom === 'Selector' &&
        listener.allowedRouteNamespaces &&
        !listener.allowedRouteNamespaces.includes(routeNamespace)
      ) {
        blockedReason = `admits routes only from ${listener.allowedRouteNamespaces.join(
          ', ',
        )}`;
      }
      return {
        key: listenerKey(value),
        value,
        hostname: listener.hostname,
        label: `${gateway.namespace}/${gateway.name} › ${listener.name} (${
          listener.protocol
        }/${listener.port}, ${listener.hostname ?? 'any hostname'})`,
        blockedReason,
      };
    }),
  );
}
