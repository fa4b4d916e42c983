import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useState, type FormEvent } from 'react';

/** Where there is no save dialog (the window in a browser): the path is typed. */
export function ExportPathDialog({
  initialPath,
  format,
  onCancel,
  onSave,
}: {
  initialPath: string;
  format: string;
  onCancel: () => void;
  onSave: (path: string) => void;
}) {
  const [typed, setTyped] = useState(initialPath);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (typed.trim()) onSave(typed.trim());
  };
  return (
    <Dialog open onClose={onCancel} aria-labelledby="export-session-title" fullWidth maxWidth="sm">
      <form onSubmit={submit}>
        <DialogTitle id="export-session-title">Export the captions as .{format}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>
            Type the full path of the file to write. An existing file is never replaced.
          </DialogContentText>
          <TextField
            label="Save as"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            fullWidth
            autoFocus
            slotProps={{ htmlInput: { 'data-testid': 'session-export-path' } }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel}>Cancel</Button>
          <Button
            type="submit"
            variant="contained"
            disabled={!typed.trim()}
            data-testid="session-export-save"
          >
            Save
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
