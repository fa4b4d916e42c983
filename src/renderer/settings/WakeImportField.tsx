import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import type { SerializedError } from '../../shared/errors.js';
import { MessageText } from '../common/MessageText.js';
import { importWakeModel, useWakeModelsStore } from '../models/wake-models-state.js';
import { useAppStore, useCanAct } from '../store/app-store.js';
import { invoke } from '../store/requests.js';

/**
 * Importing a phrase model from inside the settings form (no nested form): the desktop's file dialog,
 * or a typed path where the window runs in a browser. `onImported` gets the installed file's path.
 */
export function WakeImportField({ onImported }: { onImported: (path: string) => void }) {
  const fileDialog = useAppStore((state) => state.features.fileDialog === true);
  const canAct = useCanAct();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SerializedError | null>(null);

  const importPath = async (file: string) => {
    setBusy(true);
    const problem = await importWakeModel(file);
    setBusy(false);
    setError(problem);
    if (problem) return;
    setPath('');
    const name = file.split(/[\\/]/).pop() ?? file;
    const installed = useWakeModelsStore
      .getState()
      .status?.phrases.find((p) => p.installed && p.file === name)?.path;
    if (installed) onImported(installed);
  };
  const choose = async () => {
    const response = await invoke({ type: 'choose_model_file', purpose: 'wake_model' });
    if (!response.ok) return setError(response.error);
    if (response.payload.path) await importPath(response.payload.path);
  };

  return (
    <Stack spacing={1} data-testid="wake-import">
      {fileDialog ? (
        <Button
          variant="outlined"
          onClick={() => void choose()}
          disabled={!canAct || busy}
          sx={{ alignSelf: 'flex-start' }}
        >
          Import a phrase model…
        </Button>
      ) : (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
          <TextField
            size="small"
            fullWidth
            label="Import a phrase model: path of the .onnx file on the computer running Dictation"
            placeholder="/home/me/Downloads/my_phrase.onnx"
            value={path}
            onChange={(event) => setPath(event.target.value)}
            onKeyDown={(event) => {
              // Enter imports rather than submitting the settings form around it.
              if (event.key === 'Enter') {
                event.preventDefault();
                if (path.trim()) void importPath(path.trim());
              }
            }}
            slotProps={{ htmlInput: { 'data-testid': 'wake-import-path', spellCheck: false } }}
          />
          <Button
            type="button"
            variant="outlined"
            disabled={!canAct || busy || !path.trim()}
            onClick={() => void importPath(path.trim())}
            sx={{ flexShrink: 0 }}
          >
            Import
          </Button>
        </Stack>
      )}
      {error ? (
        <Alert severity="error" data-testid="wake-import-error">
          <MessageText message={error.message} hint={error.hint} />
        </Alert>
      ) : null}
    </Stack>
  );
}
