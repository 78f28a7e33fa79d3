import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import { badRequest } from './errors';

/** A compiled selector: true when the object matches. */
export type ObjectPredicate = (object: KubeObject) => boolean;

const MATCH_ALL: ObjectPredicate = () => true;

type LabelRequirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!exists' }
  | { key: string; op: 'gt' | 'lt'; value: number };

/** Splits on commas that are not inside `( )`. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map(p => p.trim()).filter(p => p.length > 0);
}

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function parseRequirement(text: string, selector: string): LabelRequirement {
  const fail = () => badRequest(`unable to parse requirement: found '${text}', expected a label selector in "${selector}"`);
  const setMatch = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(text);
  if (setMatch) {
    const values = setMatch[3].split(',').map(v => v.trim()).filter(v => v.length > 0);
    return { key: checkKey(setMatch[1], fail), op: setMatch[2] as 'in' | 'notin', values };
  }
  if (text.startsWith('!')) return { key: checkKey(text.slice(1).trim(), fail), op: '!exists' };
  const comparison = /^([^=!<>\s]+)\s*(==|=|!=|<|>)\s*(.*)$/.exec(text);
  if (comparison) {
    const [, key, op, value] = comparison;
    checkKey(key, fail);
    if (op === '<' || op === '>') {
      const number = Number(value);
      if (!/^-?\d+$/.test(value)) throw fail();
      return { key, op: op === '<' ? 'lt' : 'gt', value: number };
    }
    if (value !== '' && !/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(value)) throw fail();
    return { key, op: op === '!=' ? 'notin' : 'in', values: [value] };
  }
  return { key: checkKey(text, fail), op: 'exists' };
}

function checkKey(key: string, fail: () => Error): string {
  if (!LABEL_KEY.test(key)) throw fail();
  return key;
}

/** Compiles a Kubernetes label selector (`a=b,c!=d,e in (f,g),!h,i`) into a predicate over labels. */
export function compileLabelSelector(selector: string | undefined): ObjectPredicate {
  if (!selector || !selector.trim()) return MATCH_ALL;
  const requirements = splitTopLevel(selector).map(part => parseRequirement(part, selector));
  return object => {
    const labels = object.metadata?.labels ?? {};
    return requirements.every(requirement => {
      const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
      const value = labels[requirement.key];
      switch (requirement.op) {
        case 'in':
          return has && requirement.values.includes(value);
        case 'notin':
          return !has || !requirement.values.includes(value);
        case 'exists':
          return has;
        case '!exists':
          return !has;
        case 'gt':
          return has && /^-?\d+$/.test(value) && Number(value) > requirement.value;
        case 'lt':
          return has && /^-?\d+$/.test(value) && Number(value) < requirement.value;
        default:
          return false;
      }
    });
  };
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
  const requirements = splitTopLevel(selector).map(part => {
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
  for (const part of splitTopLevel(selector)) {
    const match = /^([^=!\s]+)\s*(==|=)\s*(.*)$/.exec(part);
    if (match && match[1] === field) return match[3];
  }
  return undefined;
}
