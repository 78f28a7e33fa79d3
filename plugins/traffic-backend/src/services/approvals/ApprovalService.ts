import { ChangeRecord as ChangeAnswer, trafficChangeApprovePermission } from '@aks-traffic/backstage-plugin-traffic-common';
import type {
  AuditorService,
  AuditorServiceEvent,
  AuditorServiceEventSeverityLevel,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { ConflictError, NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Request } from 'express';
import type { ApplyOutcome, PlannedObject } from '../changes/applier';
import { ChangeStore } from '../changes/ChangeStore';
import type { ChangePolicy } from '../changes/policy';
import { ChangeRecord, ChangeState, describeRef } from '../changes/types';
import type { ClusterRegistry } from '../types';
import { ApprovalNotifier } from './notifier';
import { TrafficApprovalPolicy } from './policy';
import { isFinal, replanApprovedChange, StaleChangeError } from './replan';
import { approvalLink, ApprovalSettings, readApprovalSettings } from './settings';

/** Links an API answer carries for a change that went through approval. */
export type ApprovalLinks = Pick<ChangeAnswer, 'approvalUrl'>;

/** What the change service asks of the approvals module. */
export interface ChangeApprovals {
  readonly policy: ChangePolicy;
  /** A change was stored as `pending-approval`: notify the approvers. Never throws. */
  onPendingApproval(record: ChangeRecord): Promise<void>;
  links(record: Pick<ChangeRecord, 'id' | 'policyReasons'>): ApprovalLinks;
}

export interface ApprovalServiceOptions {
  store: ChangeStore;
  clusters: ClusterRegistry;
  permissions: PermissionsService;
  logger: LoggerService;
  /** Root config: `traffic.approvals` and `app.baseUrl`. */
  config?: Config;
  auditor?: AuditorService;
  /** The notifications plugin's service; without it nobody is notified. */
  notifications?: NotificationService;
  /** Replaces the settings read from config (tests). */
  settings?: ApprovalSettings;
  /** Replaces the config-driven policy. */
  policy?: ChangePolicy;
}

/** The answer of `POST /changes/:id/approve`, `.../reject` and `.../withdraw`. */
export type DecidedChange = ChangeAnswer;

/** What can end a change's wait for approval: an approver's decision, or its requester taking it back. */
type Decision = 'approve' | 'reject' | 'withdraw';

const DECIDED: Record<Decision, ChangeState> = { approve: 'approved', reject: 'rejected', withdraw: 'withdrawn' };
const SEVERITY: Record<Decision, AuditorServiceEventSeverityLevel> = { approve: 'high', reject: 'medium', withdraw: 'low' };

const RETRY_NOTE = '\nLast approval attempt:';

/** An apply takes seconds; an `approved` change this old was interrupted. */
export const DEFAULT_RESUME_AFTER_MS = 10 * 60_000;

const userRef = (credentials: BackstageCredentials) => {
  const principal = credentials.principal as { type?: string; userEntityRef?: string };
  return principal?.type === 'user' && principal.userEntityRef ? principal.userEntityRef : 'unknown';
};

const summaryOf = (plan: PlannedObject[]) =>
  plan
    .filter(entry => entry.action !== 'unchanged')
    .map(entry => `${entry.action} ${describeRef(entry.ref)}`)
    .join(', ');

/**
 * Decides changes that policy holds for approval. Every state move is a compare-and-set on the
 * change row (`UPDATE ... WHERE state = 'pending-approval'`), so two backend instances deciding
 * the same change at once apply it at most once: exactly one of them moves it to `approved`.
 *
 * Approving re-runs preflight and the server dry-run against the cluster as it is now, checks
 * that the plan is still the one the approver saw, then applies all or nothing:
 * `pending-approval -> approved -> applied | failed`; when the cluster cannot be reached the
 * change goes back to `pending-approval`. Rejecting: `pending-approval -> rejected`. The requester
 * may take their own change back while it waits: `pending-approval -> withdrawn` (nothing is
 * sent to the cluster). Approve, reject and withdraw race on the same compare-and-set, so exactly
 * one of them ends the wait; the others get a ConflictError saying what happened.
 */
export class ApprovalService implements ChangeApprovals {
  readonly policy: ChangePolicy;
  readonly settings: ApprovalSettings;
  private readonly notifier: ApprovalNotifier;

  private constructor(private readonly options: ApprovalServiceOptions) {
    this.settings = options.settings ?? readApprovalSettings(options.config);
    this.policy = options.policy ?? TrafficApprovalPolicy.fromConfig(options.config, this.settings);
    this.notifier = new ApprovalNotifier({ notifications: options.notifications, settings: this.settings, logger: options.logger });
  }

  static create(options: ApprovalServiceOptions): ApprovalService {
    return new ApprovalService(options);
  }

  links(record: Pick<ChangeRecord, 'id' | 'policyReasons'>): ApprovalLinks {
    return record.policyReasons.length > 0 ? { approvalUrl: approvalLink(this.settings, record.id, { absolute: true }) } : {};
  }

  async onPendingApproval(record: ChangeRecord): Promise<void> {
    this.options.logger.info('Traffic change waits for approval', {
      changeId: record.id,
      cluster: record.cluster,
      requestedBy: record.requestedBy,
      reasons: record.policyReasons.join('; '),
    });
    await this.notifier.pendingApproval(record);
  }

  /** Approves and applies a pending change (needs `traffic.change.approve`). */
  async approve(options: { id: string; comment?: string; credentials: BackstageCredentials; request?: Request }): Promise<DecidedChange> {
    return this.decide('approve', options, async (record, approver) => {
      if (record.requestedBy === approver && !this.settings.allowSelfApproval) {
        throw new NotAllowedError(`${approver} requested change ${record.id} and may not approve it too: another approver must decide`);
      }
      const claimed = await this.claim(record, 'approve', approver, options.comment, `Approved by ${approver}; applying to ${record.cluster}.`);
      return this.applyApproved(record, claimed, approver);
    });
  }

  /** Rejects a pending change with a comment for the requester (needs `traffic.change.approve`). */
  async reject(options: { id: string; comment: string; credentials: BackstageCredentials; request?: Request }): Promise<DecidedChange> {
    return this.decide('reject', options, async (record, approver) => {
      const rejected = await this.claim(record, 'reject', approver, options.comment, `Rejected by ${approver}: ${options.comment}`);
      await this.notifier.decided(rejected);
      return rejected;
    });
  }

  /**
   * The requester takes back their own pending change (user credentials; no permission beyond
   * being the requester): `pending-approval -> withdrawn`, nothing reaches the cluster. The
   * approvers' "waits for your approval" notice is replaced by one saying it was withdrawn.
   */
  async withdraw(options: { id: string; comment?: string; credentials: BackstageCredentials; request?: Request }): Promise<DecidedChange> {
    return this.decide('withdraw', options, async (record, requester) => {
      const withdrawn = await this.claim(
        record,
        'withdraw',
        requester,
        options.comment,
        `Withdrawn by ${requester}${options.comment ? `: ${options.comment}` : ''}`,
      );
      await this.notifier.withdrawn(withdrawn);
      return withdrawn;
    });
  }

  /**
   * Finishes approved changes whose apply was interrupted: the backend stopped between `approved`
   * and `applied`, so part of the change may be on the cluster. A change still `approved`
   * `resumeAfterMs` after its approval is re-planned against the cluster as it is now; objects the
   * interrupted attempt already applied read as unchanged and are accepted, the rest is applied
   * all or nothing (the approval covers the whole change). When the cluster moved on in another
   * way the change fails, naming the objects to check. An unreachable cluster leaves it for the
   * next run. Runs from a scheduled task (one backend instance at a time).
   */
  async resumeInterrupted(options: { resumeAfterMs?: number; now?: Date } = {}): Promise<ChangeRecord[]> {
    const { store, logger } = this.options;
    const cutoff = (options.now ?? new Date()).getTime() - (options.resumeAfterMs ?? DEFAULT_RESUME_AFTER_MS);
    const { items } = await store.list({ state: ['approved'], limit: 100 });
    const finished: ChangeRecord[] = [];
    for (const item of items) {
      if (!item.decidedAt || Date.parse(item.decidedAt) > cutoff) continue;
      const record = await store.get(item.id);
      const approver = record.decidedBy ?? 'unknown';
      const meta = { changeId: record.id, cluster: record.cluster, approver };
      let plan: PlannedObject[];
      let outcome: ApplyOutcome;
      try {
        const replanned = await replanApprovedChange({
          record,
          connection: this.options.clusters.get(record.cluster),
          history: store,
          acceptApplied: true,
        });
        plan = replanned.plan;
        outcome = await replanned.applier.apply(plan);
      } catch (error) {
        const message = (error as Error).message;
        if (!isFinal(error)) {
          logger.warn('Interrupted traffic change could not be resumed now; retrying later', { ...meta, error: message });
          continue;
        }
        const failed = await store.transition(record.id, ['approved'], {
          state: 'failed',
          message: `Approved by ${approver}; the apply was interrupted (the backend stopped) and cannot be finished: ${message} Objects of the approved plan may be partly applied: check ${record.plan
            .filter(entry => entry.action !== 'unchanged')
            .map(entry => describeRef(entry.ref))
            .join(', ')}.`,
        });
        logger.error('Interrupted traffic change failed on resume', { ...meta, error: message });
        await this.notifier.decided(failed);
        finished.push(failed);
        continue;
      }
      const resumed = `the apply was interrupted (the backend stopped) and resumed at ${new Date().toISOString()}`;
      const final = outcome.ok
        ? await store.transition(record.id, ['approved'], {
            state: 'applied',
            appliedAt: new Date().toISOString(),
            message: `Approved by ${approver}; ${resumed}: ${summaryOf(plan) || 'the interrupted attempt had applied everything'}.`,
          })
        : await store.transition(record.id, ['approved'], {
            state: 'failed',
            failedObject: outcome.failedRef,
            message: `Approved by ${approver}; ${resumed}, but applying ${describeRef(outcome.failedRef)} failed: ${outcome.failure.message}. ${
              outcome.notRestored.length === 0
                ? 'The objects of the resumed attempt were restored; objects the interrupted attempt applied stay.'
                : `Rollback incomplete, fix by hand: ${outcome.notRestored.map(n => `${describeRef(n.ref)} (${n.message})`).join('; ')}.`
            }`,
          });
      logger.info(`Interrupted traffic change ${final.state} on resume`, { ...meta, state: final.state });
      await this.notifier.decided(final);
      finished.push(final);
    }
    return finished;
  }

  /**
   * Who may, audit and logging around one decision: approve and reject need
   * `traffic.change.approve`; withdraw needs the caller to be the change's requester.
   */
  private async decide(
    decision: Decision,
    options: { id: string; credentials: BackstageCredentials; request?: Request },
    run: (record: ChangeRecord, user: string) => Promise<ChangeRecord>,
  ): Promise<DecidedChange> {
    const user = userRef(options.credentials);
    const meta = decision === 'withdraw' ? { changeId: options.id, requester: user } : { changeId: options.id, approver: user };
    const audit: AuditorServiceEvent | undefined = await this.options.auditor?.createEvent({
      eventId: `change-${decision}`,
      severityLevel: SEVERITY[decision],
      request: options.request,
      meta,
    });
    try {
      let record: ChangeRecord;
      if (decision === 'withdraw') {
        record = await this.options.store.get(options.id);
        if (user === 'unknown' || record.requestedBy !== user) {
          throw new NotAllowedError(`${user} may not withdraw change ${record.id}: only its requester (${record.requestedBy}) may withdraw it`);
        }
      } else {
        const [authorized] = await this.options.permissions.authorize([{ permission: trafficChangeApprovePermission }], {
          credentials: options.credentials,
        });
        if (authorized.result !== AuthorizeResult.ALLOW) {
          throw new NotAllowedError(`${user} may not ${decision} traffic changes (permission ${trafficChangeApprovePermission.name})`);
        }
        record = await this.options.store.get(options.id);
      }
      if (record.state !== 'pending-approval') throw alreadyDecided(record, decision);
      const result = await run(record, user);
      this.options.logger.info(`Traffic change ${DECIDED[decision]}`, {
        ...meta,
        cluster: result.cluster,
        requestedBy: result.requestedBy,
        state: result.state,
      });
      await audit?.success({ meta: { ...meta, cluster: result.cluster, entityRef: result.entityRef, requestedBy: result.requestedBy, state: result.state } });
      return { ...result, ...this.links(result) };
    } catch (error) {
      this.options.logger.warn(`Traffic change ${decision} refused or failed`, { ...meta, error: (error as Error).message });
      await audit?.fail({ error: error as Error, meta });
      throw error;
    }
  }

  /** `pending-approval -> approved | rejected | withdrawn` if nobody decided first (compare-and-set on the row). */
  private async claim(record: ChangeRecord, decision: Decision, user: string, comment: string | undefined, message: string) {
    try {
      return await this.options.store.transition(record.id, ['pending-approval'], {
        state: DECIDED[decision],
        decidedBy: user,
        decidedAt: new Date().toISOString(),
        decisionComment: comment,
        message,
      });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      throw alreadyDecided(await this.options.store.get(record.id), decision);
    }
  }

  /** `approved -> applied | failed`, or back to `pending-approval` when the cluster could not be asked. */
  private async applyApproved(pending: ChangeRecord, claimed: ChangeRecord, approver: string): Promise<ChangeRecord> {
    const { store } = this.options;
    const meta = { changeId: claimed.id, cluster: claimed.cluster, approver };
    let outcome: ApplyOutcome;
    let plan: PlannedObject[];
    try {
      const replanned = await replanApprovedChange({
        record: claimed,
        connection: this.options.clusters.get(claimed.cluster),
        history: this.options.store,
      });
      plan = replanned.plan;
      outcome = await replanned.applier.apply(plan);
    } catch (error) {
      const message = (error as Error).message;
      if (isFinal(error)) {
        const failed = await store.transition(claimed.id, ['approved'], {
          state: 'failed',
          message: `Approved by ${approver}, but not applied: ${message} Nothing was written to the cluster; submit the change again if it is still wanted.`,
        });
        this.options.logger.warn('Approved traffic change is stale', { ...meta, error: message });
        await this.notifier.decided(failed);
        throw new StaleChangeError(`${failed.message} (change ${failed.id} is now failed)`);
      }
      await this.backToPending(pending, approver, message);
      throw new ServiceUnavailableError(`Change ${claimed.id} was not applied: ${message}. It is still pending approval; approve it again later.`);
    }
    if (outcome.ok) {
      const applied = await store.transition(claimed.id, ['approved'], {
        state: 'applied',
        appliedAt: new Date().toISOString(),
        message: `Approved by ${approver} and applied: ${summaryOf(plan)}.`,
      });
      await this.notifier.decided(applied);
      return applied;
    }
    const what = `applying object ${outcome.failedIndex + 1} of ${plan.length} (${describeRef(outcome.failedRef)}) failed: ${outcome.failure.message}.`;
    const transient = outcome.notRestored.length === 0 && (outcome.failure.code === 0 || outcome.failure.code === 429 || outcome.failure.code >= 500);
    if (transient) {
      await this.backToPending(pending, approver, `${what} The cluster is as it was.`);
      throw new ServiceUnavailableError(`Change ${claimed.id}: ${what} The cluster is as it was; the change is still pending approval.`);
    }
    const rollback =
      outcome.notRestored.length === 0
        ? `${outcome.restored.length} object(s) applied before it were restored; the cluster is as it was.`
        : `Rollback incomplete, fix by hand: ${outcome.notRestored.map(n => `${describeRef(n.ref)} (${n.message})`).join('; ')}.`;
    const failed = await store.transition(claimed.id, ['approved'], {
      state: 'failed',
      failedObject: outcome.failedRef,
      message: `Approved by ${approver}, but ${what} ${rollback}`,
    });
    this.options.logger.error('Approved traffic change failed during apply', { ...meta, failedObject: describeRef(outcome.failedRef), error: outcome.failure.message });
    await this.notifier.decided(failed);
    throw new ConflictError(`${failed.message} (change ${failed.id} is now failed)`);
  }

  private async backToPending(pending: ChangeRecord, approver: string, why: string): Promise<void> {
    const base = pending.message.split(RETRY_NOTE)[0];
    await this.options.store.transition(pending.id, ['approved'], {
      state: 'pending-approval',
      decidedBy: undefined,
      decidedAt: undefined,
      decisionComment: undefined,
      message: `${base}${RETRY_NOTE} ${approver} at ${new Date().toISOString()}: ${why}`,
    });
    this.options.logger.warn('Approved traffic change could not be applied now; it stays pending', { changeId: pending.id, approver, error: why });
  }
}

function alreadyDecided(record: ChangeRecord, decision: Decision): ConflictError {
  const by = record.decidedBy ? ` by ${record.decidedBy}${record.decidedAt ? ` at ${record.decidedAt}` : ''}` : '';
  const decided: Partial<Record<ChangeState, string>> = {
    approved: `was approved${by} and is being applied`,
    applied: `was approved${by} and applied`,
    rejected: `was rejected${by}`,
    withdrawn: `was withdrawn by its requester${by.replace(/^ by/, '')}`,
    failed: `was approved${by} and failed: ${record.message}`,
  };
  const now = (record.decidedBy && decided[record.state]) || `is ${record.state}, it never waited for approval`;
  return new ConflictError(
    `Cannot ${decision} change ${record.id}: it ${now}. Only pending-approval changes can be ${decision === 'withdraw' ? 'withdrawn' : 'decided'}.`,
  );
}
