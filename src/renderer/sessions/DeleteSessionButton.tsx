import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { useState } from 'react';
import type { RecordedSessionInfo } from '../../shared/sessions.js';
import { formatDuration } from '../common/format.js';
import { pushNotice, useCanAct } from '../store/app-store.js';
import { request } from '../store/requests.js';

export function DeleteSessionButton({ session }: { session: RecordedSessionInfo }) {
  const canAct = useCanAct();
  const [open, setOpen] = useState(false);
  const remove = async () => {
    setOpen(false);
    const result = await request({ type: 'session_delete', sessionId: session.id });
    if (result) pushNotice({ level: 'success', message: 'The session was deleted.' });
  };
  return (
    <>
      <Button
        size="small"
        color="inherit"
        onClick={() => setOpen(true)}
        disabled={!canAct || session.inProgress}
        title={session.inProgress ? 'Turn off “Record sessions” before deleting this one.' : undefined}
        data-testid="session-delete"
      >
        Delete
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby={`delete-${session.id}`}>
        <DialogTitle id={`delete-${session.id}`}>Delete this session?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            {`Its recording (${formatDuration(session.durationMs)}), captions and details are erased from this computer. This cannot be undone.`}
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} autoFocus>
            Keep it
          </Button>
          <Button color="error" onClick={() => void remove()} data-testid="session-delete-confirm">
            Delete
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
