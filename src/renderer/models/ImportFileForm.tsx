import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { SerializedError } from '../../shared/errors.js';
import type { FilePurpose } from '../../shared/setup.js';
import { FilePathChooser } from '../common/FilePathChooser.js';
import { ErrorAlert } from '../common/ErrorAlert.js';
import { useAppStore } from '../store/app-store.js';

interface ImportFileFormProps {
  purpose: FilePurpose;
  label: string;
  /** Imports the file; resolves with what went wrong, or null. */
  onImport: (path: string) => Promise<SerializedError | null>;
}

/** Importing a model file, with what came of it. */
export function ImportFileForm({ purpose, label, onImport }: ImportFileFormProps) {
  const fileDialog = useAppStore((state) => state.features.fileDialog === true);
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
    if (!problem) setDone(`Imported ${file}.`);
    return problem === null;
  };

  return (
    <Stack spacing={1} data-testid={`import-${purpose}`}>
      {fileDialog ? null : (
        <Typography variant="body2" color="text.secondary">
          This window is open in a web browser, which cannot pass a file to the app: type the full path of the
          file on the computer running Dictation.
        </Typography>
      )}
      <FilePathChooser
        purpose={purpose}
        dialogLabel={`${label}…`}
        typedLabel={label}
        fieldLabel="Path of the model file"
        placeholder="/home/me/Downloads/ggml-base.en.bin"
        fieldTestId={`import-path-${purpose}`}
        busy={busy}
        onPath={importPath}
        onError={setError}
      />
      <ErrorAlert error={error} testId="import-error" />
      {done ? (
        <Alert severity="success" data-testid="import-done">
          {done}
        </Alert>
      ) : null}
    </Stack>
  );
}
