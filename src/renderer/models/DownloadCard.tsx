import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { SerializedError } from '../../shared/errors.js';
import type { DownloadProgress } from '../../shared/models.js';
import { ErrorAlert } from '../common/ErrorAlert.js';
import { pushNotice } from '../store/app-store.js';
import { DOWNLOAD_STATE_LABELS, formatDownloaded, formatSpeed } from './format-download.js';
import { modelCommand } from './model-commands.js';
import { dismissFailure, useModelsStore, type RetryNote } from './models-state.js';

interface DownloadCardProps {
  progress: DownloadProgress;
  failure: SerializedError | undefined;
  retry: RetryNote | undefined;
  /** The model manager's downloads can be paused and cancelled; the VAD model's cannot. */
  controls: boolean;
}

/** One download: bar, bytes, percentage, speed and time left, its controls, and why it failed. */
export function DownloadCard({ progress, failure, retry: retryNote, controls }: DownloadCardProps) {
  const id = progress.downloadId;
  const send = (type: 'pause' | 'resume' | 'cancel') => async () => {
    const outcome = await modelCommand({ type, downloadId: id });
    if (!outcome.ok) pushNotice({ level: 'error', message: outcome.error.message, ...hintOf(outcome.error) });
  };
  const isCatalogModel = useModelsStore((state) =>
    state.catalog.some((entry) => entry.name === progress.name),
  );
  const retry = async () => {
    dismissFailure(id);
    const source = isCatalogModel ? progress.name : progress.url;
    const outcome = await modelCommand({ type: 'download', request: { source } });
    if (!outcome.ok) pushNotice({ level: 'error', message: outcome.error.message, ...hintOf(outcome.error) });
  };
  const running = ['starting', 'downloading', 'retrying', 'verifying'].includes(progress.state);
  const determinate =
    progress.percent !== null && progress.state !== 'verifying' && progress.state !== 'starting';
  const speed = formatSpeed(progress);
  // A download that failed before its first byte (404, refused) has no progress worth showing.
  const nothingYet = progress.state === 'failed' && progress.bytes === 0;
  return (
    <Paper
      variant="outlined"
      sx={{ p: 2 }}
      data-testid="download-card"
      data-download={id}
      data-state={progress.state}
    >
      <Stack spacing={1}>
        <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'baseline', gap: 1 }}>
          <Typography sx={{ fontWeight: 600 }}>{progress.name}</Typography>
          <Typography variant="body2" color="text.secondary" data-testid="download-state">
            {DOWNLOAD_STATE_LABELS[progress.state]}
          </Typography>
        </Stack>
        {nothingYet ? null : (
          <LinearProgress
            variant={determinate || !running ? 'determinate' : 'indeterminate'}
            value={progress.percent ?? 0}
            color={failure ? 'error' : 'primary'}
            aria-label={`Download of ${progress.name}`}
            sx={{ height: 8, borderRadius: 4 }}
          />
        )}
        {nothingYet ? null : (
          <Stack direction="row" sx={{ justifyContent: 'space-between', flexWrap: 'wrap', gap: 1 }}>
            <Typography variant="body2" data-testid="download-bytes">
              {formatDownloaded(progress)}
            </Typography>
            <Typography variant="body2" color="text.secondary" data-testid="download-speed">
              {speed}
            </Typography>
          </Stack>
        )}
        {retryNote && progress.state === 'retrying' ? (
          <Typography variant="body2" color="warning.main" data-testid="download-retry">
            {retryNote.reason} Trying again (attempt {retryNote.attempt} of {retryNote.maxAttempts}); the
            download continues where it stopped.
          </Typography>
        ) : null}
        <ErrorAlert error={failure} testId="download-error" onClose={() => dismissFailure(id)} />
        {controls ? (
          <Stack direction="row" spacing={1}>
            {running ? (
              <Button
                size="small"
                onClick={() => void send('pause')()}
                disabled={progress.state === 'verifying'}
              >
                Pause
              </Button>
            ) : null}
            {progress.state === 'paused' ? (
              <Button size="small" variant="contained" onClick={() => void send('resume')()}>
                Resume
              </Button>
            ) : null}
            {progress.state === 'failed' ? (
              <Button size="small" variant="contained" onClick={() => void retry()}>
                Try again
              </Button>
            ) : null}
            {progress.state !== 'failed' || progress.bytes > 0 ? (
              <Button size="small" color="inherit" onClick={() => void send('cancel')()}>
                Cancel
              </Button>
            ) : null}
          </Stack>
        ) : null}
      </Stack>
    </Paper>
  );
}

function hintOf(error: SerializedError): { hint?: string } {
  return error.hint === undefined ? {} : { hint: error.hint };
}
