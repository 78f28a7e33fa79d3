import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import type { ChangeListItem } from '../../api';

/** An approver's decision, or the requester taking their own change back. */
export type Decision = 'approve' | 'reject' | 'withdraw';

const TEXT: Record<
  Decision,
  { verb: string; explain: (change: ChangeListItem) => string }
> = {
  approve: {
    verb: 'Approve',
    explain: change =>
      `The backend runs a fresh dry run and applies the change to ${change.cluster}.`,
  },
  reject: {
    verb: 'Reject',
    explain: () =>
      'The requester is notified with your comment. Say what to change.',
  },
  withdraw: {
    verb: 'Withdraw',
    explain: change =>
      `Your change stops waiting for approval and is never applied to ${change.cluster}. The approvers see it as withdrawn; submit it again if you need it later.`,
  },
};

/**
 * Confirms a decision and asks for a comment: optional to approve or withdraw, required to
 * reject (so the requester can fix the change).
 */
export function DecisionDialog(props: {
  change: ChangeListItem;
  decision: Decision;
  busy: boolean;
  onCancel: () => void;
  onConfirm: (comment: string) => void;
}) {
  const { change, decision, busy, onCancel, onConfirm } = props;
  const [comment, setComment] = useState('');
  const rejecting = decision === 'reject';
  const missingReason = rejecting && comment.trim() === '';
  const text = TEXT[decision];
  return (
    <Dialog
      open
      onClose={onCancel}
      aria-labelledby="traffic-decision-title"
      fullWidth
    >
      <DialogTitle id="traffic-decision-title">
        {text.verb} change {change.id}
      </DialogTitle>
      <DialogContent>
        <DialogContentText>{text.explain(change)}</DialogContentText>
        <TextField
          id="traffic-decision-comment"
          fullWidth
          multiline
          minRows={3}
          label="Comment"
          required={rejecting}
          value={comment}
          onChange={event => setComment(event.target.value)}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button
          color={decision === 'approve' ? 'primary' : 'secondary'}
          variant="contained"
          disabled={busy || missingReason}
          onClick={() => onConfirm(comment.trim())}
        >
          {text.verb}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
