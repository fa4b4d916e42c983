import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState, type FormEvent } from 'react';
import { useAppStore, useCanAct } from '../store/app-store.js';
import { request } from '../store/requests.js';
import { addPaths } from './add-files.js';

/**
 * In the desktop app, "Add files…" opens the system's file dialog. A browser page over the bridge has
 * no dialog that reveals a file's path, so there the user types paths (one per line) instead.
 */
export function AddFilesBar() {
  const canAct = useCanAct();
  const desktop = useAppStore((state) =>
    state.connection.status === 'ready' ? state.connection.transport === 'preload' : false,
  );
  const [typed, setTyped] = useState('');

  const pick = async () => {
    const picked = await request({ type: 'pick_files' });
    if (picked && picked.paths.length > 0) await addPaths(picked.paths);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const paths = typed
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    if (paths.length === 0) return;
    setTyped('');
    await addPaths(paths);
  };

  if (desktop) {
    return (
      <Button
        variant="contained"
        onClick={() => void pick()}
        disabled={!canAct}
        sx={{ alignSelf: 'flex-start' }}
      >
        Add files…
      </Button>
    );
  }
  return (
    <Stack component="form" direction="row" spacing={1} onSubmit={(event) => void submit(event)}>
      <TextField
        size="small"
        fullWidth
        multiline
        maxRows={4}
        label="Add files by path"
        placeholder="/home/me/Recordings/interview.mp3"
        helperText="Full paths on the computer running the app, one per line (Ctrl+Enter adds)."
        value={typed}
        onChange={(event) => setTyped(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void submit(event);
        }}
        slotProps={{ htmlInput: { 'data-testid': 'add-path-input' } }}
      />
      <Button
        type="submit"
        variant="contained"
        disabled={!canAct || typed.trim() === ''}
        sx={{ alignSelf: 'flex-start', mt: 0.25 }}
      >
        Add
      </Button>
    </Stack>
  );
}
