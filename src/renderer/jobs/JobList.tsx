import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMemo } from 'react';
import { useJobsStore } from '../store/jobs-store.js';
import { JobCard } from './JobCard.js';
import { sortJobs } from './sort-jobs.js';

export function JobList() {
  const jobs = useJobsStore((state) => state.jobs);
  const progressAt = useJobsStore((state) => state.progressAt);
  const loaded = useJobsStore((state) => state.loaded);
  const sorted = useMemo(() => sortJobs(Object.values(jobs)), [jobs]);
  if (sorted.length === 0) {
    return (
      <Typography color="text.secondary" sx={{ py: 4, textAlign: 'center' }} data-testid="jobs-empty">
        {loaded ? 'Drop audio or video files here to transcribe them.' : 'Loading…'}
      </Typography>
    );
  }
  return (
    <Stack spacing={1.5} data-testid="job-list">
      {sorted.map((job) => (
        <JobCard key={job.id} job={job} progressAt={progressAt[job.id]} />
      ))}
    </Stack>
  );
}
