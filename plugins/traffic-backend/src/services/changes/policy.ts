import type { Config } from '@backstage/config';
import type { ObjectAction } from './types';
import type { PlannedObject } from './applier';

/** What a policy sees of a change after its dry-run. */
export interface PolicyInput {
  cluster: string;
  journey: string;
  requestedBy: string;
  entityRef?: string;
  plan: Pick<PlannedObject, 'object' | 'action' | 'live'>[];
}

export interface PolicyDecision {
  requiresApproval: boolean;
  /** One sentence per matching rule (shown to the requester and the approvers). */
  reasons: string[];
}

/** Decides whether a change waits for platform-team approval (DESIGN §7). */
export interface ChangePolicy {
  evaluate(input: PolicyInput): Promise<PolicyDecision> | PolicyDecision;
}

/**
 * One rule of `traffic.approvals.rules`: a change needs approval when at least one of its
 * (non-unchanged) objects matches every condition the rule sets.
 */
export interface ApprovalRule {
  name: string;
  description?: string;
  /** Kinds, e.g. [Gateway, ReferenceGrant]. */
  kinds?: string[];
  /** create and/or update. */
  actions?: Array<Exclude<ObjectAction, 'unchanged'>>;
  /** Namespaces of the objects (protected namespaces). */
  namespaces?: string[];
  clusters?: string[];
  journeys?: string[];
}

/** The policy of `traffic.approvals.rules` (no rules: nothing needs approval). */
export class ConfigApprovalPolicy implements ChangePolicy {
  constructor(private readonly rules: ApprovalRule[]) {}

  static fromConfig(config?: Config): ConfigApprovalPolicy {
    const rules =
      config?.getOptionalConfigArray('traffic.approvals.rules') ?? [];
    return new ConfigApprovalPolicy(
      rules.map(rule => ({
        name: rule.getString('name'),
        description: rule.getOptionalString('description'),
        kinds: rule.getOptionalStringArray('kinds'),
        actions: rule.getOptionalStringArray(
          'actions',
        ) as ApprovalRule['actions'],
        namespaces: rule.getOptionalStringArray('namespaces'),
        clusters: rule.getOptionalStringArray('clusters'),
        journeys: rule.getOptionalStringArray('journeys'),
      })),
    );
  }

  evaluate(input: PolicyInput): PolicyDecision {
    const reasons: string[] = [];
    for (const rule of this.rules) {
      if (rule.clusters && !rule.clusters.includes(input.cluster)) continue;
      if (rule.journeys && !rule.journeys.includes(input.journey)) continue;
      const hit = input.plan.find(
        entry =>
          entry.action !== 'unchanged' &&
          (!rule.kinds || rule.kinds.includes(entry.object.kind)) &&
          (!rule.actions || rule.actions.includes(entry.action)) &&
          (!rule.namespaces ||
            rule.namespaces.includes(entry.object.metadata.namespace ?? '')),
      );
      if (hit) {
        const what = `${hit.action} ${hit.object.kind} ${
          hit.object.metadata.namespace
            ? `${hit.object.metadata.namespace}/`
            : ''
        }${hit.object.metadata.name}`;
        reasons.push(`${rule.description ?? `Rule ${rule.name}`} (${what})`);
      }
    }
    return { requiresApproval: reasons.length > 0, reasons };
  }
}
