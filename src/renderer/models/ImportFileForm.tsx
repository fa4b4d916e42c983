import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import type { SerializedError } from '../../shared/errors.js';
import type { FilePurpose } from '../../shared/setup.js';
import { MessageText } from '../common/MessageText.js';
import { useAppStore, useCanAct } from '../store/app-store.js';
import { invoke } from '../store/requests.js';

interface ImportFileFormProps {
  purpose: FilePurpose;
  label: string;
  /** Imports the file; resolves with what went wrong, or null. */
  onImport: (path: string) => Promise<SerializedError | null>;
}

/**
 * Importing a model file. The desktop app opens its file dialog; a window in a browser (the headless
 * bridge) cannot hand the app a file's path, so it asks for the path on the computer running Dictation.
 */
export function ImportFileForm({ purpose, label, onImport }: ImportFileFormProps) {
  const fileDialog = useAppStore((state) => state.features.fileDialog === true);
  const canAct = useCanAct();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SerializedError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const importPath = async (file: string) => {
    setBusy(true);
    setError(null);
    setDone(null);
    const problem = await onImport(file);
    setBusy(false);
    setError(problem);
    if (!problem) {
      setDone(`Imported ${file}.`);
      setPath('');
    }
  };
  const choose = async () => {
    const response = await invoke({ type: 'choose_model_file', purpose });
    if (!response.ok) return setError(response.error);
    if (response.payload.path) await importPath(response.payload.path);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (path.trim()) void importPath(path.trim());
  };

  return (
    <Stack spacing={1} data-testid={`import-${purpose}`}>
      {fileDialog ? (
        <Button
          variant="outlined"
          onClick={() => void choose()}
          disabled={!canAct || busy}
          sx={{ alignSelf: 'flex-start' }}
        >
          {label}…
        </Button>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack spacing={1}>
            <Typography variant="body2" color="text.secondary">
              This window is open in a web browser, which cannot pass a file to the app: type the full path of
              the file on the computer running Dictation.
            </Typography>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
              <TextField
                size="small"
                fullWidth
                label="Path of the model file"
                placeholder="/home/me/Downloads/ggml-base.en.bin"
                value={path}
                onChange={(event) => setPath(event.target.value)}
                slotProps={{ htmlInput: { 'data-testid': `import-path-${purpose}`, spellCheck: false } }}
              />
              <Button
                type="submit"
                variant="outlined"
                disabled={!canAct || busy || !path.trim()}
                sx={{ flexShrink: 0 }}
              >
                {label}
              </Button>
            </Stack>
          </Stack>
        </form>
      )}
      {error ? (
        <Alert severity="error" data-testid="import-error">
          <MessageText message={error.message} hint={error.hint} />
        </Alert>
      ) : null}
      {done ? (
        <Alert severity="success" data-testid="import-done">
          {done}
        </Alert>
      ) : null}
    </Stack>
  );
}
