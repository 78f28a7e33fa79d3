/**
 * How server-side apply treats a list: `atomic` lists are replaced whole and owned as one field;
 * `map` lists merge item by item, keyed by `keys` (the `x-kubernetes-list-type: map` of CRDs and
 * the patch merge keys of built-ins).
 */
export type ListSemantics = { type: 'atomic' } | { type: 'map'; keys: string[] };

/** Resolves the semantics of the list at a field path (field names only, list positions dropped). */
export type ListSemanticsLookup = (fieldPath: readonly string[]) => ListSemantics;

const ATOMIC: ListSemantics = { type: 'atomic' };

interface Rule {
  pattern: RegExp;
  keys: string[];
  kinds?: string[];
}

/**
 * Associative lists of the kinds we serve. The CRD entries mirror the `x-kubernetes-list-map-keys`
 * of the Gateway API and Istio CRDs in ../shared/data/crds; everything else is atomic, as for CRDs
 * without a list type. Single-key lists stand in for multi-key ones (Service ports key on port and
 * protocol upstream) because the simulator does not default applied configurations before merging.
 */
const RULES: Rule[] = [
  { pattern: /^metadata\.ownerReferences$/, keys: ['uid'] },
  { pattern: /(^|\.)conditions$/, keys: ['type'] },
  { pattern: /^spec\.listeners$/, keys: ['name'], kinds: ['Gateway', 'ListenerSet', 'XListenerSet'] },
  { pattern: /^status\.listeners$/, keys: ['name'], kinds: ['Gateway', 'ListenerSet', 'XListenerSet'] },
  { pattern: /^spec\.tls\.frontend\.perPort$/, keys: ['port'], kinds: ['Gateway'] },
  { pattern: /^status\.supportedFeatures$/, keys: ['name'], kinds: ['GatewayClass'] },
  { pattern: /\.(requestHeaderModifier|responseHeaderModifier)\.(add|set)$/, keys: ['name'] },
  { pattern: /\.matches\.(headers|queryParams)$/, keys: ['name'], kinds: ['HTTPRoute', 'GRPCRoute'] },
  { pattern: /^spec\.ports$/, keys: ['port'], kinds: ['Service'] },
  { pattern: /^spec\.ports$/, keys: ['name'], kinds: ['ServiceEntry'] },
  { pattern: /(^|\.)(containers|initContainers|ephemeralContainers)$/, keys: ['name'] },
  { pattern: /(^|\.)(containers|initContainers)\.ports$/, keys: ['containerPort'] },
  { pattern: /(^|\.)(containers|initContainers)\.env$/, keys: ['name'] },
  { pattern: /(^|\.)(containers|initContainers)\.volumeMounts$/, keys: ['mountPath'] },
  { pattern: /(^|\.)volumes$/, keys: ['name'], kinds: ['Pod', 'Deployment'] },
  { pattern: /(^|\.)imagePullSecrets$/, keys: ['name'] },
  { pattern: /^spec\.vmConfig\.env$/, keys: ['name'], kinds: ['WasmPlugin'] },
];

const cache = new Map<string, ListSemanticsLookup>();

/** The list semantics lookup for one kind. */
export function listSemanticsFor(kind: string): ListSemanticsLookup {
  let lookup = cache.get(kind);
  if (!lookup) {
    const rules = RULES.filter(rule => !rule.kinds || rule.kinds.includes(kind));
    const memo = new Map<string, ListSemantics>();
    lookup = fieldPath => {
      const dotted = fieldPath.join('.');
      let found = memo.get(dotted);
      if (!found) {
        const rule = rules.find(r => r.pattern.test(dotted));
        found = rule ? { type: 'map', keys: rule.keys } : ATOMIC;
        memo.set(dotted, found);
      }
      return found;
    };
    cache.set(kind, lookup);
  }
  return lookup;
}
