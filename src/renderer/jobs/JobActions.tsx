import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import type { Job } from '../../shared/jobs.js';
import { CopyButton } from '../common/CopyButton.js';
import { useCanAct } from '../store/app-store.js';
import { request } from '../store/requests.js';
import { ExportMenu } from './ExportMenu.js';

function transcriptText(job: Job): string {
  return (job.segments ?? [])
    .map((segment) => segment.text.trim())
    .filter(Boolean)
    .join(' ');
}

/** What can be done with a job in its state; every action is a request to the app. */
export function JobActions({
  job,
  transcriptOpen,
  onToggleTranscript,
}: {
  job: Job;
  transcriptOpen: boolean;
  onToggleTranscript: () => void;
}) {
  const canAct = useCanAct();
  const command = (type: 'cancel' | 'retry' | 'remove') =>
    void request({ type: 'jobs', command: { type, jobId: job.id } });
  const output = job.outputs[0]?.path ?? null;
  const active = job.state === 'pending' || job.state === 'processing';
  return (
    <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap', alignItems: 'center', rowGap: 0.5 }}>
      {active ? (
        <Button size="small" color="warning" onClick={() => command('cancel')} disabled={!canAct}>
          Cancel
        </Button>
      ) : null}
      {job.state === 'failed' || job.state === 'cancelled' ? (
        <Button size="small" onClick={() => command('retry')} disabled={!canAct}>
          Retry
        </Button>
      ) : null}
      {job.state === 'completed' ? (
        <>
          <Button size="small" onClick={onToggleTranscript} aria-expanded={transcriptOpen}>
            {transcriptOpen ? 'Hide transcript' : 'Show transcript'}
          </Button>
          {output ? (
            <>
              <Button
                size="small"
                onClick={() => void request({ type: 'open_path', path: output })}
                disabled={!canAct}
              >
                Open output
              </Button>
              <Button
                size="small"
                onClick={() => void request({ type: 'show_in_folder', path: output })}
                disabled={!canAct}
              >
                Show in folder
              </Button>
            </>
          ) : null}
          <ExportMenu job={job} />
          <CopyButton text={transcriptText(job)} label="Copy the transcript" />
        </>
      ) : null}
      {!active ? (
        <Button size="small" color="inherit" onClick={() => command('remove')} disabled={!canAct}>
          Remove
        </Button>
      ) : null}
    </Stack>
  );
}
