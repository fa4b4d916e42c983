import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { Job } from '../../shared/jobs.js';
import type { ProgressSpan } from '../store/jobs-store.js';
import { formatSpan, remainingMs } from './job-timing.js';

/** The bar with its percentage and, once there is a rate to go by, the time left. */
export function JobProgress({ job, progressAt }: { job: Job; progressAt: ProgressSpan | undefined }) {
  const percent = Math.round(job.progress);
  const left = remainingMs(job, progressAt);
  const waiting = job.state === 'pending';
  return (
    <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center' }}>
      <LinearProgress
        variant={waiting ? 'indeterminate' : 'determinate'}
        value={percent}
        color={job.state === 'completed' ? 'success' : 'primary'}
        aria-label={`Progress of ${job.source}`}
        data-testid="job-progress"
        data-progress={percent}
        sx={{ flexGrow: 1, height: 6, borderRadius: 3, opacity: waiting ? 0.4 : 1 }}
      />
      <Typography variant="body2" sx={{ minWidth: 40, textAlign: 'right' }} data-testid="job-percent">
        {percent} %
      </Typography>
      {left !== null ? (
        <Typography variant="body2" color="text.secondary" data-testid="job-remaining" sx={{ minWidth: 84 }}>
          {formatSpan(left)} left
        </Typography>
      ) : null}
    </Stack>
  );
}
