import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import type { SerializedError } from '../../shared/errors.js';
import type { FilePurpose } from '../../shared/setup.js';
import { useAppStore, useCanAct } from '../store/app-store.js';
import { invoke } from '../store/requests.js';

export interface FilePathChooserProps {
  purpose: FilePurpose;
  /** The button: "Import a model file…" with the dialog, "Import" beside a typed path. */
  dialogLabel: string;
  typedLabel: string;
  fieldLabel: string;
  placeholder: string;
  fieldTestId: string;
  busy: boolean;
  /** Resolves true when the file was taken (a typed path is then cleared; on failure it stays). */
  onPath: (path: string) => Promise<boolean>;
  onError: (error: SerializedError) => void;
}

/**
 * A file on the computer running Dictation: the desktop app's file dialog, or, in a web browser (the
 * headless bridge), which cannot pass a file's path to the app, a typed path. No form of its own, so it
 * can sit inside another form: Enter takes the typed path.
 */
export function FilePathChooser(props: FilePathChooserProps) {
  const fileDialog = useAppStore((state) => state.features.fileDialog === true);
  const canAct = useCanAct();
  const [path, setPath] = useState('');
  const take = async () => {
    const typed = path.trim();
    if (typed && (await props.onPath(typed))) setPath('');
  };
  const choose = async () => {
    const response = await invoke({ type: 'choose_model_file', purpose: props.purpose });
    if (!response.ok) return props.onError(response.error);
    if (response.payload.path) await props.onPath(response.payload.path);
  };
  if (fileDialog) {
    return (
      <Button
        variant="outlined"
        onClick={() => void choose()}
        disabled={!canAct || props.busy}
        sx={{ alignSelf: 'flex-start' }}
      >
        {props.dialogLabel}
      </Button>
    );
  }
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
      <TextField
        size="small"
        fullWidth
        label={props.fieldLabel}
        placeholder={props.placeholder}
        value={path}
        onChange={(event) => setPath(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            void take();
          }
        }}
        slotProps={{ htmlInput: { 'data-testid': props.fieldTestId, spellCheck: false } }}
      />
      <Button
        type="button"
        variant="outlined"
        disabled={!canAct || props.busy || !path.trim()}
        onClick={() => void take()}
        sx={{ flexShrink: 0 }}
      >
        {props.typedLabel}
      </Button>
    </Stack>
  );
}
