import type {
  KubeObject,
  TrafficJourney,
} from '@aks-traffic/backstage-plugin-traffic-common';
import { MANAGED_BY, MANAGED_BY_LABEL } from './ManagedObjectCache';
import { describeRef, ObjectRef, refOf } from './types';

/**
 * Which journey input an applied object belongs to: `<journey>/<namespace>/<name>` of the
 * journey's main object (e.g. `route/shop/storefront`). A later change of the same input deletes
 * the objects this input made before and no longer makes.
 */
export const OWNER_ANNOTATION = 'traffic.aks-traffic.io/owner';

const MAIN_KINDS: Record<TrafficJourney, string[]> = {
  gateway: ['Gateway'],
  // The route kind may switch (HTTPRoute <-> TLSRoute): the owner stays the same.
  route: ['HTTPRoute', 'TLSRoute'],
  'key-vault-tls': ['SecretProviderClass'],
  egress: ['ServiceEntry'],
  'mesh-mtls': ['PeerAuthentication'],
};

/** The owner of the objects one journey built, or undefined when it has no main object. */
export function ownerOf(
  journey: TrafficJourney,
  objects: KubeObject[],
): string | undefined {
  const main = objects.find(object => MAIN_KINDS[journey]?.includes(object.kind));
  if (!main) return undefined;
  return `${journey}/${main.metadata.namespace ?? ''}/${main.metadata.name}`;
}

const isManaged = (object: KubeObject) =>
  object.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY;

/**
 * Kinds that several inputs (or the app) may share, so no single input owns them: the
 * namespace-wide Sidecar `default` (REGISTRY_ONLY for every egress input of a namespace) and a
 * ServiceAccount (the Key Vault input may name the app's own). They are never pruned.
 */
const SHARED_KINDS = new Set(['Sidecar', 'ServiceAccount']);

/**
 * Marks a managed object with its owner. Objects others own or several inputs share are left
 * unmarked, and so never pruned.
 */
export function withOwner(object: KubeObject, owner: string | undefined): KubeObject {
  if (!owner || !isManaged(object) || SHARED_KINDS.has(object.kind)) return object;
  return {
    ...object,
    metadata: {
      ...object.metadata,
      annotations: { ...object.metadata.annotations, [OWNER_ANNOTATION]: owner },
    },
  };
}

export const ownerAnnotationOf = (object: KubeObject | undefined) =>
  object?.metadata.annotations?.[OWNER_ANNOTATION];

/** An object an earlier change of `owner` applied that the new change no longer contains. */
export interface PruneCandidate {
  ref: ObjectRef;
  owner: string;
}

/** The objects of the last applied change of each owner, as the change store finds them. */
export interface OwnerHistory {
  lastAppliedObjects(options: {
    cluster: string;
    owner: string;
  }): Promise<KubeObject[] | undefined>;
}

const sameObjectKey = (ref: ObjectRef) =>
  `${ref.apiVersion.split('/')[0]}|${ref.kind}|${ref.namespace ?? ''}|${ref.name}`;

/**
 * What to prune: for each owner among `objects`, the objects with that owner in its last applied
 * (or unchanged) change that `objects` no longer contains. The applier deletes one only if the
 * live object still carries the same owner and the managed-by label.
 */
export async function pruneCandidates(options: {
  history: OwnerHistory;
  cluster: string;
  objects: KubeObject[];
}): Promise<PruneCandidate[]> {
  const { history, cluster, objects } = options;
  const kept = new Set(objects.map(object => sameObjectKey(refOf(object))));
  const owners = [
    ...new Set(objects.map(ownerAnnotationOf).filter((o): o is string => Boolean(o))),
  ];
  const candidates: PruneCandidate[] = [];
  const seen = new Set<string>();
  for (const owner of owners) {
    const previous = (await history.lastAppliedObjects({ cluster, owner })) ?? [];
    for (const object of previous) {
      if (ownerAnnotationOf(object) !== owner) continue;
      const ref = refOf(object);
      const key = sameObjectKey(ref);
      if (kept.has(key) || seen.has(key)) continue;
      seen.add(key);
      candidates.push({ ref, owner });
    }
  }
  return candidates.sort((a, b) =>
    describeRef(a.ref).localeCompare(describeRef(b.ref)),
  );
}
