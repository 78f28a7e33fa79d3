import type { Config } from '@backstage/config';

/** The built-in approval rules, each switched on or off under `traffic.approvals.require`. */
export const APPROVAL_RULE_IDS = [
  'newGateway',
  'publicLoadBalancer',
  'allowedRoutesFromAll',
  'crossNamespaceReferenceGrant',
  'newEgressHost',
  'protectedNamespaces',
] as const;
export type ApprovalRuleId = (typeof APPROVAL_RULE_IDS)[number];

/** `traffic.approvals`, read once at start-up. */
export interface ApprovalSettings {
  /** Built-in rules that are on. */
  require: Record<ApprovalRuleId, boolean>;
  /** Any change to an object in these namespaces needs approval (when `require.protectedNamespaces`). */
  protectedNamespaces: string[];
  /** Entity refs (groups or users) notified of new pending changes. */
  notify: string[];
  /** May the requester approve their own change? Default false (four eyes). */
  allowSelfApproval: boolean;
  /** Path of the approvals page in the Backstage app; `?change=<id>` is appended. */
  pagePath: string;
  /** `app.baseUrl`, to make absolute approval links for the scaffolder output. */
  appBaseUrl?: string;
}

export const DEFAULT_PAGE_PATH = '/traffic-approvals';

/**
 * Reads `traffic.approvals`. Built-in rules are off unless switched on, so a portal without
 * the section applies every change at once, as before; `protectedNamespaces` is the exception:
 * listing namespaces protects them unless `require.protectedNamespaces` is false.
 */
export function readApprovalSettings(config?: Config): ApprovalSettings {
  const approvals = config?.getOptionalConfig('traffic.approvals');
  const require = Object.fromEntries(
    APPROVAL_RULE_IDS.map(id => [id, approvals?.getOptionalBoolean(`require.${id}`) ?? id === 'protectedNamespaces']),
  ) as Record<ApprovalRuleId, boolean>;
  const unknown = approvals?.getOptionalConfig('require')?.keys().filter(key => !(APPROVAL_RULE_IDS as readonly string[]).includes(key)) ?? [];
  if (unknown.length > 0) {
    throw new Error(`traffic.approvals.require: unknown rule(s) ${unknown.join(', ')}: use ${APPROVAL_RULE_IDS.join(', ')}`);
  }
  const notify = approvals?.getOptionalStringArray('notify') ?? [];
  const badRef = notify.find(ref => !/^[a-z0-9-]+:[^/\s]+\/[^/\s]+$/i.test(ref));
  if (badRef) throw new Error(`traffic.approvals.notify: "${badRef}" is not a full entity ref like group:default/platform-team`);
  const pagePath = approvals?.getOptionalString('pagePath') ?? DEFAULT_PAGE_PATH;
  return {
    require,
    protectedNamespaces: approvals?.getOptionalStringArray('protectedNamespaces') ?? [],
    notify: notify.map(ref => ref.toLocaleLowerCase('en-US')),
    allowSelfApproval: approvals?.getOptionalBoolean('allowSelfApproval') ?? false,
    pagePath: pagePath.startsWith('/') ? pagePath : `/${pagePath}`,
    appBaseUrl: config?.getOptionalString('app.baseUrl')?.replace(/\/+$/, ''),
  };
}

/** The approvals page showing one change: absolute when `app.baseUrl` is known. */
export function approvalLink(settings: ApprovalSettings, id: string, options: { absolute: boolean }): string {
  const path = `${settings.pagePath}?change=${encodeURIComponent(id)}`;
  return options.absolute && settings.appBaseUrl ? `${settings.appBaseUrl}${path}` : path;
}
