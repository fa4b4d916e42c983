import type { Job, JobState } from '../../shared/jobs.js';

const STATE_ORDER: Record<JobState, number> = {
  processing: 0,
  pending: 1,
  failed: 2,
  completed: 3,
  cancelled: 4,
};

/**
 * Cards by state (processing, pending, failed, completed, cancelled); within a state, jobs still to run
 * keep the queue's order (oldest first) and finished ones show the latest first.
 */
export function sortJobs(jobs: readonly Job[]): Job[] {
  return [...jobs].sort((a, b) => {
    const byState = STATE_ORDER[a.state] - STATE_ORDER[b.state];
    if (byState !== 0) return byState;
    const active = a.state === 'processing' || a.state === 'pending';
    // Stable: jobs added together keep the order the queue listed them in (the order they run).
    return active ? a.createdAt - b.createdAt : b.updatedAt - a.updatedAt;
  });
}
