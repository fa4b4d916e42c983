import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { Job } from '../../shared/jobs.js';
import { ListCard } from '../common/ListCard.js';
import type { ProgressSpan } from '../store/jobs-store.js';
import { JobActions } from './JobActions.js';
import { JobProgress } from './JobProgress.js';
import { JobStateChip } from './JobStateChip.js';
import { TranscriptView } from './TranscriptView.js';
import { elapsedMs, fileName, formatSpan } from './job-timing.js';
import { useNow } from './use-now.js';

function details(job: Job, now: number): string {
  const unknown = job.state === 'pending' || job.state === 'processing' ? 'Length not known yet' : null;
  const parts = [job.durationMs !== null ? `Length ${formatSpan(job.durationMs)}` : unknown];
  const elapsed = elapsedMs(job, now);
  if (elapsed !== null)
    parts.push(`${job.state === 'processing' ? 'Running for' : 'Took'} ${formatSpan(elapsed)}`);
  if (job.attempts > 1) parts.push(`Attempt ${job.attempts}`);
  if (job.pieces && job.pieces.total > 1) parts.push(`${job.pieces.done} of ${job.pieces.total} pieces`);
  if (job.engines && job.engines.length > 0) parts.push(`Transcribed on ${job.engines.join(', ')}`);
  return parts.filter(Boolean).join(' · ');
}

export function JobCard({ job, progressAt }: { job: Job; progressAt: ProgressSpan | undefined }) {
  const now = useNow(job.state === 'processing');
  const [transcriptOpen, setTranscriptOpen] = useState(false);
  const retrying = job.state === 'pending' && job.nextAttemptAt !== null;
  return (
    <ListCard
      label={fileName(job.source)}
      data={{ 'data-testid': 'job-card', 'data-job-id': job.id, 'data-state': job.state }}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Typography
          component="h3"
          variant="subtitle1"
          sx={{ fontWeight: 600, flexGrow: 1, minWidth: 0, overflowWrap: 'anywhere' }}
          title={job.source}
          data-testid="job-name"
        >
          {fileName(job.source)}
        </Typography>
        <JobStateChip state={job.state} retrying={retrying} />
      </Stack>
      <Typography variant="body2" color="text.secondary" data-testid="job-details">
        {details(job, now)}
      </Typography>
      {job.state === 'failed' || job.state === 'cancelled' ? null : (
        <JobProgress job={job} progressAt={progressAt} />
      )}
      {job.failure && (job.state === 'failed' || retrying) ? (
        <Alert severity={job.state === 'failed' ? 'error' : 'warning'} data-testid="job-failure">
          {job.failure.message}
          {job.failure.hint ? (
            <Typography variant="body2" sx={{ mt: 0.5 }}>
              {job.failure.hint}
            </Typography>
          ) : null}
        </Alert>
      ) : null}
      <JobActions
        job={job}
        transcriptOpen={transcriptOpen}
        onToggleTranscript={() => setTranscriptOpen((open) => !open)}
      />
      {transcriptOpen && job.segments ? <TranscriptView segments={job.segments} /> : null}
    </ListCard>
  );
}
