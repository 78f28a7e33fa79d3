import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { ChangeRecord, describeRef } from '../changes/types';
import { approvalLink, ApprovalSettings } from './settings';

const TOPIC = 'traffic-approvals';

/** One notification per change and state; a later send with the same scope replaces it in each recipient's inbox. */
const scopeOf = (record: Pick<ChangeRecord, 'id'>, state: ChangeRecord['state']) => `traffic-change:${record.id}:${state}`;

const objectsOf = (record: ChangeRecord) =>
  record.plan.filter(entry => entry.action !== 'unchanged').map(entry => `${entry.action} ${describeRef(entry.ref)}`).join(', ') ||
  record.objectRefs.map(describeRef).join(', ');

/**
 * Sends approval notifications through the notifications plugin when it is installed. A missing
 * or failing notifications backend never fails a change: it is logged and the change goes on.
 */
export class ApprovalNotifier {
  constructor(
    private readonly options: { notifications?: NotificationService; settings: ApprovalSettings; logger: LoggerService },
  ) {}

  /** A new change waits for approval: tell the approver groups of `traffic.approvals.notify`. */
  async pendingApproval(record: ChangeRecord): Promise<void> {
    const { notify } = this.options.settings;
    if (notify.length === 0) return;
    await this.send(record, 'approvers', {
      recipients: { type: 'entity', entityRef: notify, excludeEntityRef: record.requestedBy },
      payload: {
        title: `Traffic change on ${record.cluster} waits for your approval`,
        description: `${record.requestedBy} asks to ${objectsOf(record)}. Why approval: ${record.policyReasons.join('; ')}.${
          record.reason ? ` Requester's reason: ${record.reason}` : ''
        }`,
        severity: 'normal',
      },
    });
  }

  /**
   * The requester withdrew a pending change: the approvers need not decide. Sent to the same
   * groups under the scope of the `pendingApproval` notice, so the notifications backend replaces
   * that notice in each approver's inbox instead of adding a second one. The requester, who did
   * it, is not told.
   */
  async withdrawn(record: ChangeRecord): Promise<void> {
    const { notify } = this.options.settings;
    if (notify.length === 0) return;
    await this.send(record, 'approvers', {
      scope: scopeOf(record, 'pending-approval'),
      recipients: { type: 'entity', entityRef: notify, excludeEntityRef: record.requestedBy },
      payload: {
        title: `Traffic change on ${record.cluster} was withdrawn by ${record.requestedBy}: nothing to decide`,
        description: `${record.requestedBy} no longer asks to ${objectsOf(record)}.${
          record.decisionComment ? ` Comment: ${record.decisionComment}` : ''
        }`,
        severity: 'low',
      },
    });
  }

  /** A decision was made (applied, failed or rejected): tell the requester. */
  async decided(record: ChangeRecord): Promise<void> {
    if (!record.requestedBy.startsWith('user:')) return;
    const by = record.decidedBy ?? 'an approver';
    const titles: Partial<Record<ChangeRecord['state'], string>> = {
      applied: `Your traffic change on ${record.cluster} was approved by ${by} and applied`,
      failed: `Your traffic change on ${record.cluster} was approved by ${by} but failed`,
      rejected: `Your traffic change on ${record.cluster} was rejected by ${by}`,
    };
    const title = titles[record.state];
    if (!title) return;
    await this.send(record, 'requester', {
      recipients: { type: 'entity', entityRef: record.requestedBy },
      payload: {
        title,
        description: `${record.message}${record.decisionComment ? ` Comment: ${record.decisionComment}` : ''}`,
        severity: record.state === 'applied' ? 'normal' : 'high',
      },
    });
  }

  private async send(
    record: ChangeRecord,
    audience: string,
    options: Omit<Parameters<NotificationService['send']>[0], 'payload'> & {
      payload: Omit<Parameters<NotificationService['send']>[0]['payload'], 'link' | 'topic' | 'scope'>;
      /** Defaults to the change's current state's scope. */
      scope?: string;
    },
  ): Promise<void> {
    const { notifications, settings, logger } = this.options;
    if (!notifications) return;
    try {
      await notifications.send({
        recipients: options.recipients,
        payload: {
          ...options.payload,
          link: approvalLink(settings, record.id, { absolute: false }),
          topic: TOPIC,
          scope: options.scope ?? scopeOf(record, record.state),
        },
      });
    } catch (error) {
      logger.warn('Could not send traffic approval notification (is the notifications backend installed?)', {
        changeId: record.id,
        audience,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
