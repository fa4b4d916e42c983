import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { useState } from 'react';
import { pushNotice, useCanAct } from '../store/app-store.js';
import { request } from '../store/requests.js';

export function ClearHistoryButton({ disabled }: { disabled: boolean }) {
  const canAct = useCanAct();
  const [open, setOpen] = useState(false);
  const clear = async () => {
    setOpen(false);
    const result = await request({ type: 'history_clear' });
    if (result) pushNotice({ level: 'success', message: `Deleted ${result.deleted} dictations.` });
  };
  return (
    <>
      <Button
        color="error"
        onClick={() => setOpen(true)}
        disabled={!canAct || disabled}
        sx={{ whiteSpace: 'nowrap', flexShrink: 0 }}
      >
        Clear history
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="clear-history-title">
        <DialogTitle id="clear-history-title">Delete every dictation?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            The text and the kept audio of all your dictations are erased from this computer, and their words
            from the logs. This cannot be undone.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} autoFocus>
            Keep them
          </Button>
          <Button color="error" onClick={() => void clear()}>
            Delete all
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
