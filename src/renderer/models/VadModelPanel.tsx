import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { formatBytes } from '../../shared/format-bytes.js';
import { ErrorAlert } from '../common/ErrorAlert.js';
import { useCanAct } from '../store/app-store.js';
import { request } from '../store/requests.js';
import { DownloadsList } from './DownloadsList.js';
import { ImportFileForm } from './ImportFileForm.js';
import { importVadModel } from './import-files.js';
import { useModelsStore } from './models-state.js';

/** Starts installing the VAD model; the status and progress come back as events. */
export function installVad(): void {
  void request({ type: 'vad_install' }).then((status) => {
    if (status) useModelsStore.setState({ vad: status });
  });
}

/** The Silero voice activity model every dictation needs (it finds where speech starts and ends). */
export function VadModelPanel({ showImport = true }: { showImport?: boolean }) {
  const vad = useModelsStore((state) => state.vad);
  const canAct = useCanAct();
  if (!vad) return null;
  return (
    <Stack spacing={1} data-testid="vad-panel" data-state={vad.state}>
      {vad.state === 'installed' ? (
        <Typography data-testid="vad-installed">
          Voice activity model installed ({formatBytes(vad.sizeBytes)}).
        </Typography>
      ) : (
        <Typography>
          The voice activity model ({formatBytes(vad.sizeBytes)}) tells speech from silence; dictation needs
          it.
        </Typography>
      )}
      <DownloadsList vad />
      <ErrorAlert error={vad.state === 'failed' ? vad.error : null} testId="vad-error" />
      {vad.state === 'missing' || vad.state === 'failed' ? (
        <Button variant="contained" onClick={installVad} disabled={!canAct} sx={{ alignSelf: 'flex-start' }}>
          {vad.state === 'failed' ? 'Try again' : 'Download it'}
        </Button>
      ) : null}
      {showImport && vad.state !== 'installed' ? (
        <ImportFileForm purpose="vad_model" label="Import the VAD model" onImport={importVadModel} />
      ) : null}
    </Stack>
  );
}
