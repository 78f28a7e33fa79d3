import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type {
  RouteParentView,
  StatusCheck,
} from '@aks-traffic/backstage-plugin-traffic-common';
import { StatusIcon } from '../shared/StatusIcon';

/** Short chip text: the failing condition first, since that is what needs attention. */
export function parentStatusLabel(parent: RouteParentView): string {
  if (parent.accepted.state === 'error') return 'Not accepted';
  if (parent.resolvedRefs.state === 'error') return 'Refs unresolved';
  if (parent.state === 'pending') return 'Pending';
  if (parent.state === 'warning') return 'Warning';
  if (parent.state === 'ok') return 'Accepted';
  return 'Unknown';
}

function CheckLine(props: { name: string; check: StatusCheck }) {
  const { name, check } = props;
  return (
    <Typography variant="body2" component="div" gutterBottom>
      <strong>
        {name}
        {check.reason ? ` (${check.reason})` : ''}:
      </strong>{' '}
      {check.message}
      {check.stale ? ' (not yet reconciled)' : ''}
      {check.fix ? (
        <>
          <br />
          <em>Fix: {check.fix}</em>
        </>
      ) : null}
    </Typography>
  );
}

/** Accepted / ResolvedRefs of one parent, explained on hover (full text in the row's detail panel). */
export function ParentStatusChip(props: { parent: RouteParentView }) {
  const { parent } = props;
  const label = parentStatusLabel(parent);
  return (
    <Tooltip
      arrow
      title={
        <>
          <CheckLine name="Accepted" check={parent.accepted} />
          <CheckLine name="ResolvedRefs" check={parent.resolvedRefs} />
        </>
      }
    >
      <Chip
        size="small"
        variant="outlined"
        label={<StatusIcon state={parent.state}>{label}</StatusIcon>}
        aria-label={`${label}: ${
          parent.problem?.message ?? parent.accepted.message
        }`}
      />
    </Tooltip>
  );
}

export { CheckLine };
