import Stack from '@mui/material/Stack';
import { useState } from 'react';
import type { SerializedError } from '../../shared/errors.js';
import { FilePathChooser } from '../common/FilePathChooser.js';
import { ErrorAlert } from '../common/ErrorAlert.js';
import { importWakeModel, useWakeModelsStore } from '../models/wake-models-state.js';

/** Importing a phrase model from inside the settings form. `onImported` gets the installed file's path. */
export function WakeImportField({ onImported }: { onImported: (path: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SerializedError | null>(null);

  const importPath = async (file: string) => {
    setBusy(true);
    const problem = await importWakeModel(file);
    setBusy(false);
    setError(problem);
    if (problem) return false;
    const name = file.split(/[\\/]/).pop() ?? file;
    const installed = useWakeModelsStore
      .getState()
      .status?.phrases.find((p) => p.installed && p.file === name)?.path;
    if (installed) onImported(installed);
    return true;
  };

  return (
    <Stack spacing={1} data-testid="wake-import">
      <FilePathChooser
        purpose="wake_model"
        dialogLabel="Import a phrase model…"
        typedLabel="Import"
        fieldLabel="Import a phrase model: path of the .onnx file on the computer running Dictation"
        placeholder="/home/me/Downloads/my_phrase.onnx"
        fieldTestId="wake-import-path"
        busy={busy}
        onPath={importPath}
        onError={setError}
      />
      <ErrorAlert error={error} testId="wake-import-error" />
    </Stack>
  );
}
