import type { SimCluster } from '@aks-traffic/aks-sim';
export {
  clusterContent,
  eventually,
} from '../../../plugins/traffic-backend/src/services/changes/__testUtils__/simCluster';

export function get(
  cluster: SimCluster,
  apiVersion: string,
  kind: string,
  namespace: string | undefined,
  name: string,
): any {
  const type = cluster.store.resourceFor(apiVersion, kind);
  if (!type) throw new Error(`no type ${apiVersion} ${kind}`);
  return cluster.store.get(type, namespace, name);
}

export const condition = (conditions: any[] | undefined, type: string) =>
  conditions?.find(c => c.type === type);
