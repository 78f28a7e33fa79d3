import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import shopGateway from './shop-gateway.json';
import shopRoute from './shop-route.json';
import shopService from './shop-service.json';

/**
 * A Gateway, a Service labelled `backstage.io/kubernetes-id: shop` and an HTTPRoute that finds the
 * entity only through its backendRef (the route itself carries no label).
 */
export const shopObjects: KubeObject[] = [shopGateway, shopService, shopRoute] as KubeObject[];

/** A copy of the shop route under another name (to observe changes arriving through a watch). */
export function shopRouteNamed(name: string): KubeObject {
  return { ...(shopRoute as KubeObject), metadata: { ...shopRoute.metadata, name } };
}
