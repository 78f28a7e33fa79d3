import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import type { ChangeListItem } from '../../api';

export type Decision = 'approve' | 'reject';

/** Asks for the approver's comment; a rejection must say why so the requester can fix it. */
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
  return (
    <Dialog
      open
      onClose={onCancel}
      aria-labelledby="traffic-decision-title"
      fullWidth
    >
      <DialogTitle id="traffic-decision-title">
        {rejecting ? 'Reject' : 'Approve'} change {change.id}
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          {rejecting
            ? 'The requester is notified with your comment. Say what to change.'
            : `The backend runs a fresh dry run and applies the change to ${change.cluster}.`}
        </DialogContentText>
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
          color={rejecting ? 'secondary' : 'primary'}
          variant="contained"
          disabled={busy || missingReason}
          onClick={() => onConfirm(comment.trim())}
        >
          {rejecting ? 'Reject' : 'Approve'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
