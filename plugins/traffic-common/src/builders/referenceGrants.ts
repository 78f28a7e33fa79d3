import type { KubeObject } from '../kube/types';
import { boundedName, GATEWAY_API_GROUP, REFERENCE_GRANT_API_VERSION } from './names';

export interface CrossNamespaceReference {
  /** Kind and namespace of the object that refers (HTTPRoute, TLSRoute, Gateway). */
  fromKind: string;
  fromNamespace: string;
  fromName: string;
  /** What it refers to, in another namespace. */
  toKind: 'Service' | 'Secret';
  toNamespace: string;
  toName: string;
}

/**
 * One ReferenceGrant per target namespace, allowing exactly the named targets (not the whole
 * namespace) to be referenced by the referring object's namespace.
 */
export function buildReferenceGrants(references: readonly CrossNamespaceReference[]): KubeObject[] {
  const byTarget = new Map<string, CrossNamespaceReference[]>();
  for (const reference of references) {
    if (reference.toNamespace === reference.fromNamespace) continue;
    const key = `${reference.toNamespace}\u0000${reference.fromKind}\u0000${reference.fromNamespace}\u0000${reference.fromName}`;
    byTarget.set(key, [...(byTarget.get(key) ?? []), reference]);
  }
  return [...byTarget.values()].map(group => {
    const [first] = group;
    const targets = [...new Map(group.map(ref => [`${ref.toKind}/${ref.toName}`, ref])).values()];
    return {
      apiVersion: REFERENCE_GRANT_API_VERSION,
      kind: 'ReferenceGrant',
      metadata: {
        name: boundedName(`${first.fromNamespace}-${first.fromKind.toLowerCase()}-${first.fromName}`, 253),
        namespace: first.toNamespace,
      },
      spec: {
        from: [{ group: GATEWAY_API_GROUP, kind: first.fromKind, namespace: first.fromNamespace }],
        to: targets.map(ref => ({ group: '', kind: ref.toKind, name: ref.toName })),
      },
    };
  });
}
