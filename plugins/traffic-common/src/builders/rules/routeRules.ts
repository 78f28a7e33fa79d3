import type { InputIssue } from '../../schemas/errors';
import type { RouteInput, RouteRuleInput } from '../../schemas/routeInput';
import { duplicateRules } from './nameRules';

/** Gateway API: fewer than 128 matches across all rules of a route. */
export const MAX_MATCHES_PER_ROUTE = 127;

export function routeRules(input: RouteInput): InputIssue[] {
  const issues: InputIssue[] = [
    ...duplicateRules(
      input.hostnames,
      host => host,
      index => `hostnames[${index}]`,
      (host, first) => `"${host}" repeats hostnames[${first}]: list each hostname once`,
    ),
    ...input.rules.flatMap((rule, index) => ruleRules(rule, `rules[${index}]`)),
  ];
  const totalMatches = input.rules.reduce((sum, rule) => sum + rule.matches.length, 0);
  if (totalMatches > MAX_MATCHES_PER_ROUTE) {
    issues.push({
      field: 'rules',
      message: `have ${totalMatches} matches in total but a route allows ${MAX_MATCHES_PER_ROUTE}: split the route in two`,
    });
  }
  if (input.kind === 'TLSRoute') issues.push(...tlsRouteRules(input));
  if (input.frontDoorHealthProbe?.enabled && input.kind !== 'HTTPRoute') {
    issues.push({
      field: 'frontDoorHealthProbe',
      message: 'needs an HTTP listener (Front Door probes over HTTP): remove it from a TLSRoute',
    });
  }
  return issues;
}

function ruleRules(rule: RouteRuleInput, at: string): InputIssue[] {
  const issues = duplicateRules(
    rule.backends,
    backend => `${backend.namespace ?? ''}/${backend.service}:${backend.port}`,
    index => `${at}.backends[${index}]`,
    (_key, first) => `repeats ${at}.backends[${first}]: merge them and set weights instead`,
  );
  if (rule.backends.length > 0 && rule.backends.every(backend => backend.weight === 0)) {
    issues.push({
      field: `${at}.backends`,
      message: 'all have weight 0, so every request would fail: give at least one backend a positive weight',
    });
  }
  const rewrite = rule.urlRewrite;
  if (rewrite && !rewrite.hostname && !rewrite.path) {
    issues.push({ field: `${at}.urlRewrite`, message: 'is empty: set hostname or path, or remove it' });
  }
  if (rewrite?.path?.type === 'ReplacePrefixMatch') {
    const [onlyMatch] = rule.matches;
    if (rule.matches.length !== 1 || onlyMatch.path.type !== 'PathPrefix') {
      issues.push({
        field: `${at}.urlRewrite.path`,
        message: 'ReplacePrefixMatch needs exactly one PathPrefix match in the rule: add one (e.g. /probe) or use ReplaceFullPath',
      });
    }
  }
  return issues;
}

function tlsRouteRules(input: RouteInput): InputIssue[] {
  const issues: InputIssue[] = [];
  if (input.hostnames.length === 0) {
    issues.push({
      field: 'hostnames',
      message: 'are required for a TLSRoute (passthrough routes by SNI): add the hostname clients connect to',
    });
  }
  if (input.rules.length !== 1) {
    issues.push({ field: 'rules', message: 'must be exactly one rule for a TLSRoute: merge the backends into one rule' });
  }
  input.rules.forEach((rule, index) => {
    if (rule.matches.length > 0) {
      issues.push({
        field: `rules[${index}].matches`,
        message: 'are not possible on a TLSRoute (the gateway cannot see paths in passthrough): remove them',
      });
    }
    if (rule.urlRewrite) {
      issues.push({
        field: `rules[${index}].urlRewrite`,
        message: 'is not possible on a TLSRoute (the gateway does not decrypt passthrough traffic): remove it',
      });
    }
  });
  return issues;
}
