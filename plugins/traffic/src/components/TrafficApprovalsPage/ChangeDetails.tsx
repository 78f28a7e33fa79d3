import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import type { ChangeListItem } from '../../api';
import { StatusIcon } from '../shared/StatusIcon';
import {
  changeReason,
  changeStateView,
  dryRunText,
  formatObjects,
  formatTime,
  planDiffText,
  shortRef,
} from '../shared/changeText';
import type { Decision } from './DecisionDialog';

function TextBlock(props: { title: string; text: string }) {
  return (
    <Box mt={2}>
      <Typography variant="subtitle2">{props.title}</Typography>
      <Box
        component="pre"
        p={1}
        bgcolor="background.default"
        style={{ overflowX: 'auto', whiteSpace: 'pre' }}
      >
        {props.text}
      </Box>
    </Box>
  );
}

/**
 * Everything an approver needs to decide: who, what, where, why, and the diff / dry-run output.
 * The requester of a pending change may withdraw it (`canWithdraw`).
 */
export function ChangeDetails(props: {
  change: ChangeListItem;
  canDecide: boolean;
  /** The signed-in user requested this change. */
  canWithdraw?: boolean;
  onDecide?: (decision: Decision) => void;
}) {
  const { change, canDecide, canWithdraw = false, onDecide } = props;
  const stateView = changeStateView[change.state];
  const pending = change.state === 'pending-approval';
  // A withdrawn change was "decided" by its requester.
  const decidedByLabel =
    change.state === 'withdrawn' ? 'withdrawnBy' : 'decidedBy';
  const diff = planDiffText(change.plan);
  const dryRun = dryRunText(change.dryRunResult);
  return (
    <InfoCard
      title={`Change ${change.id}`}
      subheader={
        <StatusIcon state={stateView.state}>{stateView.label}</StatusIcon>
      }
      actions={
        pending && onDecide ? (
          <>
            <Button
              variant="contained"
              color="primary"
              disabled={!canDecide}
              onClick={() => onDecide('approve')}
            >
              Approve
            </Button>
            <Button
              variant="outlined"
              color="secondary"
              disabled={!canDecide}
              onClick={() => onDecide('reject')}
            >
              Reject
            </Button>
            {canWithdraw ? (
              <Button variant="outlined" onClick={() => onDecide('withdraw')}>
                Withdraw
              </Button>
            ) : null}
            {!canDecide ? (
              <Typography variant="caption">
                Deciding needs the traffic.change.approve permission.
                {canWithdraw
                  ? ' You requested this change: you may withdraw it.'
                  : ''}
              </Typography>
            ) : null}
          </>
        ) : undefined
      }
    >
      <StructuredMetadataTable
        metadata={{
          requester: shortRef(change.requestedBy),
          entity: shortRef(change.entityRef),
          cluster: change.cluster,
          submitted: formatTime(change.createdAt),
          reason: changeReason(change) ?? '–',
          objects: formatObjects(change.objectRefs),
          ...(change.message ? { outcome: change.message } : {}),
          ...(change.decidedBy
            ? {
                [decidedByLabel]: `${shortRef(
                  change.decidedBy,
                )} at ${formatTime(change.decidedAt)}`,
                comment: change.decisionComment ?? '–',
              }
            : {}),
        }}
      />
      {diff ? <TextBlock title="Diff against live state" text={diff} /> : null}
      {dryRun ? <TextBlock title="Server dry run" text={dryRun} /> : null}
      {!diff && !dryRun ? (
        <Typography variant="body2" color="textSecondary">
          The backend did not record a diff or dry-run output for this change.
        </Typography>
      ) : null}
    </InfoCard>
  );
}
