import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';

interface GrantFrom {
  group: string;
  kind: string;
  namespace: string;
}
interface GrantTo {
  group: string;
  kind: string;
  name?: string;
}

/**
 * Whether a ReferenceGrant in the target namespace lets `from` (an object of group/kind in
 * fromNamespace) refer to `to` (group/kind/name in the grant's namespace).
 */
export function referenceAllowed(
  grants: KubeObject[],
  from: { group: string; kind: string; namespace: string },
  to: { group: string; kind: string; name: string; namespace: string },
): boolean {
  if (from.namespace === to.namespace) return true;
  return grants.some(grant => {
    if (grant.metadata.namespace !== to.namespace) return false;
    const spec = (grant.spec ?? {}) as { from?: GrantFrom[]; to?: GrantTo[] };
    const fromOk = (spec.from ?? []).some(
      f => normGroup(f.group) === normGroup(from.group) && f.kind === from.kind && f.namespace === from.namespace,
    );
    const toOk = (spec.to ?? []).some(
      t => normGroup(t.group) === normGroup(to.group) && t.kind === to.kind && (!t.name || t.name === to.name),
    );
    return fromOk && toOk;
  });
}

function normGroup(group: string | undefined): string {
  return !group || group === 'core' ? '' : group;
}
