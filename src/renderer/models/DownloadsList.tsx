import Stack from '@mui/material/Stack';
import { ErrorAlert } from '../common/ErrorAlert.js';
import { dismissFailure, useModelsStore, VAD_DOWNLOAD_NAME } from './models-state.js';
import { DownloadCard } from './DownloadCard.js';

/** Every running, paused or failed download; `vad` picks the VAD model's (true) or the speech models' (false). */
export function DownloadsList({ vad }: { vad: boolean }) {
  const downloads = useModelsStore((state) => state.downloads);
  const failures = useModelsStore((state) => state.failures);
  const retries = useModelsStore((state) => state.retries);
  const shown = Object.values(downloads).filter((d) => (d.name === VAD_DOWNLOAD_NAME) === vad);
  // A failure before the first progress report has no card of its own.
  const orphans = vad ? [] : Object.entries(failures).filter(([id]) => !downloads[id]);
  if (shown.length === 0 && orphans.length === 0) return null;
  return (
    <Stack spacing={1} data-testid={vad ? 'vad-downloads' : 'model-downloads'}>
      {shown.map((progress) => (
        <DownloadCard
          key={progress.downloadId}
          progress={progress}
          failure={failures[progress.downloadId]}
          retry={retries[progress.downloadId]}
          controls={!vad}
        />
      ))}
      {orphans.map(([id, error]) => (
        <ErrorAlert key={id} error={error} testId="download-error" onClose={() => dismissFailure(id)} />
      ))}
    </Stack>
  );
}
