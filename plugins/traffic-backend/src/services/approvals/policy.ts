import { KubeObject, parseApiVersion } from '@aks-traffic/backstage-plugin-traffic-common';
import type { Config } from '@backstage/config';
import { ChangePolicy, ConfigApprovalPolicy, PolicyDecision, PolicyInput } from '../changes/policy';
import { ApprovalRuleId, ApprovalSettings, readApprovalSettings } from './settings';

const GATEWAY_API = 'gateway.networking.k8s.io';
const ISTIO_NETWORKING = 'networking.istio.io';
const INTERNAL_LB = 'service.beta.kubernetes.io/azure-load-balancer-internal';
const ISTIO_SERVICE_TYPE = 'networking.istio.io/service-type';
/** Gateway classes that never get a load balancer of their own. */
const NO_LOAD_BALANCER_CLASSES = new Set(['istio-waypoint', 'istio-remote']);

type Entry = PolicyInput['plan'][number];

const isKind = (object: KubeObject, group: string, kind: string) =>
  object.kind === kind && parseApiVersion(object.apiVersion ?? '').group === group;
const where = (object: KubeObject) => `${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}`;

/**
 * True when the Gateway gets a load balancer reachable from the internet: not marked internal,
 * not bound to an existing deployment (a Hostname address: manual deployment, e.g. the managed
 * external ingress), and not a ClusterIP/NodePort service.
 */
export function hasPublicLoadBalancer(gateway: KubeObject): boolean {
  const annotations: Record<string, string> = gateway.spec?.infrastructure?.annotations ?? {};
  if (String(annotations[INTERNAL_LB]).toLowerCase() === 'true') return false;
  if (['ClusterIP', 'NodePort'].includes(annotations[ISTIO_SERVICE_TYPE])) return false;
  if (NO_LOAD_BALANCER_CLASSES.has(gateway.spec?.gatewayClassName)) return false;
  const addresses: any[] = gateway.spec?.addresses ?? [];
  if (addresses.some(address => address?.type === 'Hostname')) return false;
  return true;
}

const listenersFromAll = (gateway: KubeObject | undefined): Set<string> =>
  new Set(
    ((gateway?.spec?.listeners ?? []) as any[])
      .filter(listener => listener?.allowedRoutes?.namespaces?.from === 'All')
      .map(listener => String(listener.name)),
  );

const serviceEntryHosts = (object: KubeObject | undefined): string[] => (object?.spec?.hosts ?? []).map(String);

/** One check per built-in rule: the sentences it adds for one changed object. */
const CHECKS: Record<ApprovalRuleId, (entry: Entry, settings: ApprovalSettings) => string[]> = {
  newGateway: ({ object, action }) =>
    action === 'create' && isKind(object, GATEWAY_API, 'Gateway') ? [`New Gateway ${where(object)}`] : [],

  publicLoadBalancer: ({ object, live }) =>
    isKind(object, GATEWAY_API, 'Gateway') && hasPublicLoadBalancer(object) && (!live || !hasPublicLoadBalancer(live))
      ? [`Gateway ${where(object)} gets a public load balancer (no ${INTERNAL_LB}: "true" in spec.infrastructure.annotations)`]
      : [],

  allowedRoutesFromAll: ({ object, live }) => {
    if (!isKind(object, GATEWAY_API, 'Gateway')) return [];
    const before = listenersFromAll(live);
    const added = [...listenersFromAll(object)].filter(name => !before.has(name));
    return added.length > 0
      ? [`Gateway ${where(object)} admits routes from all namespaces on listener(s) ${added.join(', ')} (allowedRoutes.namespaces.from: All)`]
      : [];
  },

  crossNamespaceReferenceGrant: ({ object }) => {
    if (!isKind(object, GATEWAY_API, 'ReferenceGrant')) return [];
    const namespace = object.metadata.namespace;
    const others = [...new Set(((object.spec?.from ?? []) as any[]).map(from => String(from?.namespace)).filter(ns => ns !== namespace))];
    return others.length > 0 ? [`ReferenceGrant ${where(object)} lets namespace(s) ${others.join(', ')} reference objects in ${namespace}`] : [];
  },

  newEgressHost: ({ object, live }) => {
    if (!isKind(object, ISTIO_NETWORKING, 'ServiceEntry')) return [];
    const before = new Set(serviceEntryHosts(live));
    const added = serviceEntryHosts(object).filter(host => !before.has(host));
    return added.length > 0 ? [`New egress host(s) ${added.join(', ')} (ServiceEntry ${where(object)})`] : [];
  },

  protectedNamespaces: ({ object, action }, settings) => {
    const namespace = object.kind === 'Namespace' && object.apiVersion === 'v1' ? object.metadata.name : object.metadata.namespace;
    return namespace && settings.protectedNamespaces.includes(namespace)
      ? [`${action === 'create' ? 'Creates' : 'Changes'} ${object.kind} ${where(object)} in protected namespace ${namespace}`]
      : [];
  },
};

/**
 * The approval policy of `traffic.approvals`: the built-in rules that are switched on, plus the
 * custom `traffic.approvals.rules` (kind/action/namespace/cluster/journey matchers). Each
 * reason names the rule that matched, e.g. `New Gateway default/web [newGateway]`.
 */
export class TrafficApprovalPolicy implements ChangePolicy {
  constructor(
    private readonly settings: ApprovalSettings,
    private readonly custom: ChangePolicy = new ConfigApprovalPolicy([]),
  ) {}

  static fromConfig(config?: Config, settings: ApprovalSettings = readApprovalSettings(config)): TrafficApprovalPolicy {
    return new TrafficApprovalPolicy(settings, ConfigApprovalPolicy.fromConfig(config));
  }

  async evaluate(input: PolicyInput): Promise<PolicyDecision> {
    const reasons: string[] = [];
    const changed = input.plan.filter(entry => entry.action !== 'unchanged');
    for (const [rule, check] of Object.entries(CHECKS) as Array<[ApprovalRuleId, (typeof CHECKS)[ApprovalRuleId]]>) {
      if (!this.settings.require[rule]) continue;
      for (const entry of changed) reasons.push(...check(entry, this.settings).map(reason => `${reason} [${rule}]`));
    }
    reasons.push(...(await this.custom.evaluate(input)).reasons);
    return { requiresApproval: reasons.length > 0, reasons };
  }
}
