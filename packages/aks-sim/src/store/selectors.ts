import {
  LabelSelectorSyntaxError,
  matchesLabelRequirements,
  parseLabelSelector,
  splitSelectorTerms,
  type KubeObject,
  type LabelRequirement,
} from '@aks-traffic/backstage-plugin-traffic-common';
import { badRequest } from './errors';

/** A compiled selector: true when the object matches. */
export type ObjectPredicate = (object: KubeObject) => boolean;

const MATCH_ALL: ObjectPredicate = () => true;

/** Compiles a Kubernetes label selector (`a=b,c!=d,e in (f,g),!h,i`) into a predicate over labels. */
export function compileLabelSelector(selector: string | undefined): ObjectPredicate {
  if (!selector || !selector.trim()) return MATCH_ALL;
  let requirements: LabelRequirement[];
  try {
    requirements = parseLabelSelector(selector);
  } catch (error) {
    if (error instanceof LabelSelectorSyntaxError) throw badRequest(error.message);
    throw error;
  }
  return object => matchesLabelRequirements(requirements, object.metadata?.labels);
}

/** Field selectors each kind supports beyond metadata.name and metadata.namespace (as in Kubernetes). */
const EXTRA_SELECTABLE_FIELDS: Record<string, string[]> = {
  Secret: ['type'],
  Pod: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP'],
  Event: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  Namespace: ['status.phase'],
};

function fieldValue(object: KubeObject, path: string): string {
  let current: unknown = object;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return '';
    current = (current as Record<string, unknown>)[segment];
  }
  return current === undefined || current === null ? '' : String(current);
}

/** Compiles a field selector (`metadata.name=x,type!=y`) for objects of `kind`; unsupported fields are a 400. */
export function compileFieldSelector(selector: string | undefined, kind: string): ObjectPredicate {
  if (!selector || !selector.trim()) return MATCH_ALL;
  const allowed = new Set(['metadata.name', 'metadata.namespace', ...(EXTRA_SELECTABLE_FIELDS[kind] ?? [])]);
  const requirements = splitSelectorTerms(selector).map(part => {
    const match = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!match) throw badRequest(`invalid selector: '${selector}'; can't understand '${part}'`);
    const [, field, op, value] = match;
    if (!allowed.has(field)) throw badRequest(`field label not supported: ${field}`);
    return { field, negate: op === '!=', value };
  });
  return object => requirements.every(r => (fieldValue(object, r.field) === r.value) !== r.negate);
}

/** The namespace/name equality a field selector pins, used to skip a full scan. */
export function pinnedField(selector: string | undefined, field: 'metadata.name' | 'metadata.namespace'): string | undefined {
  if (!selector) return undefined;
  for (const part of splitSelectorTerms(selector)) {
    const match = /^([^=!\s]+)\s*(==|=)\s*(.*)$/.exec(part);
    if (match && match[1] === field) return match[3];
  }
  return undefined;
}
