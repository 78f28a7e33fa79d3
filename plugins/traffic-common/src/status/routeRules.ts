import {
  RouteBackendView,
  RouteFilterView,
  RouteMatchView,
  RouteRuleView,
} from '../model';
import { asArray, asNumber, asRecord, asString, field } from './safe';

function nameValues(
  value: unknown,
): Array<{ name: string; value: string; type: string }> {
  return asArray(value).map(v => ({
    name: asString(asRecord(v).name) ?? '?',
    value: asString(asRecord(v).value) ?? '',
    type: asString(asRecord(v).type) ?? 'Exact',
  }));
}

function readMatch(value: unknown): RouteMatchView {
  const match = asRecord(value);
  const pathRecord = asRecord(match.path);
  // Gateway API defaults a match without path to PathPrefix "/".
  const path = match.path
    ? {
        type: asString(pathRecord.type) ?? 'PathPrefix',
        value: asString(pathRecord.value) ?? '/',
      }
    : undefined;
  const method = asString(match.method);
  const headers = nameValues(match.headers);
  const queryParams = nameValues(match.queryParams);
  const parts = [
    method,
    path ? `${path.type} ${path.value}` : undefined,
    ...headers.map(
      h =>
        `header ${h.name}${h.type === 'RegularExpression' ? '~' : '='}${
          h.value
        }`,
    ),
    ...queryParams.map(
      q =>
        `query ${q.name}${q.type === 'RegularExpression' ? '~' : '='}${
          q.value
        }`,
    ),
  ].filter(Boolean);
  return {
    ...(path ? { path } : {}),
    ...(method ? { method } : {}),
    ...(headers.length ? { headers } : {}),
    ...(queryParams.length ? { queryParams } : {}),
    summary: parts.length ? parts.join(', ') : 'PathPrefix /',
  };
}

function readBackends(
  value: unknown,
  routeNamespace: string | undefined,
): RouteBackendView[] {
  const refs = asArray(value).map(asRecord);
  const weights = refs.map(r => {
    const weight = asNumber(r.weight);
    return weight === undefined ? 1 : Math.max(0, weight);
  });
  const total = weights.reduce((sum, w) => sum + w, 0);
  return refs.map((ref, i) => ({
    ref: {
      kind: asString(ref.kind) ?? 'Service',
      group: asString(ref.group) ?? '',
      name: asString(ref.name) ?? '?',
      namespace: asString(ref.namespace) ?? routeNamespace,
    },
    ...(asNumber(ref.port) !== undefined ? { port: asNumber(ref.port) } : {}),
    weight: weights[i],
    sharePercent: total > 0 ? Math.round((weights[i] / total) * 1000) / 10 : 0,
  }));
}

function headerChanges(value: unknown): string {
  const mod = asRecord(value);
  const names = (key: string) =>
    asArray(mod[key]).map(
      h => asString(asRecord(h).name) ?? asString(h) ?? '?',
    );
  return [
    names('set').length ? `set ${names('set').join(', ')}` : undefined,
    names('add').length ? `add ${names('add').join(', ')}` : undefined,
    names('remove').length ? `remove ${names('remove').join(', ')}` : undefined,
  ]
    .filter(Boolean)
    .join('; ');
}

function pathModifier(value: unknown): string | undefined {
  const path = asRecord(value);
  if (asString(path.type) === 'ReplaceFullPath') {
    return `path → ${asString(path.replaceFullPath) ?? '?'}`;
  }
  if (asString(path.type) === 'ReplacePrefixMatch') {
    return `path prefix → ${asString(path.replacePrefixMatch) ?? '?'}`;
  }
  return undefined;
}

export function summarizeFilter(value: unknown): RouteFilterView {
  const filter = asRecord(value);
  const type = asString(filter.type) ?? 'Unknown';
  let detail: string | undefined;
  switch (type) {
    case 'RequestHeaderModifier':
      detail = headerChanges(filter.requestHeaderModifier);
      break;
    case 'ResponseHeaderModifier':
      detail = headerChanges(filter.responseHeaderModifier);
      break;
    case 'URLRewrite': {
      const rewrite = asRecord(filter.urlRewrite);
      detail = [
        asString(rewrite.hostname) ? `host → ${rewrite.hostname}` : undefined,
        pathModifier(rewrite.path),
      ]
        .filter(Boolean)
        .join(', ');
      break;
    }
    case 'RequestRedirect': {
      const redirect = asRecord(filter.requestRedirect);
      detail = [
        asString(redirect.scheme) ? `scheme → ${redirect.scheme}` : undefined,
        asString(redirect.hostname) ? `host → ${redirect.hostname}` : undefined,
        asNumber(redirect.port) !== undefined
          ? `port → ${redirect.port}`
          : undefined,
        pathModifier(redirect.path),
        `status ${asNumber(redirect.statusCode) ?? 302}`,
      ]
        .filter(Boolean)
        .join(', ');
      break;
    }
    case 'RequestMirror': {
      const backend = asRecord(field(filter, 'requestMirror', 'backendRef'));
      detail = `copy to ${asString(backend.name) ?? '?'}${
        asNumber(backend.port) !== undefined ? `:${backend.port}` : ''
      }`;
      break;
    }
    case 'CORS':
      detail = `origins ${
        asArray(field(filter, 'cors', 'allowOrigins')).join(', ') || '?'
      }`;
      break;
    case 'ExtensionRef':
      detail = `${asString(field(filter, 'extensionRef', 'kind')) ?? '?'} ${
        asString(field(filter, 'extensionRef', 'name')) ?? '?'
      }`;
      break;
    default:
      detail = undefined;
  }
  return { type, summary: detail ? `${type}: ${detail}` : type };
}

/** Reads `spec.rules` of an HTTPRoute or TLSRoute. */
export function readRouteRules(route: unknown): RouteRuleView[] {
  const namespace = asString(field(route, 'metadata', 'namespace'));
  return asArray(field(route, 'spec', 'rules')).map(r => {
    const rule = asRecord(r);
    return {
      ...(asString(rule.name) ? { name: asString(rule.name) } : {}),
      matches: asArray(rule.matches).map(readMatch),
      backends: readBackends(rule.backendRefs, namespace),
      filters: asArray(rule.filters).map(summarizeFilter),
    };
  });
}
