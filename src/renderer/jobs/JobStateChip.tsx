import Chip from '@mui/material/Chip';
import type { JobState } from '../../shared/jobs.js';

type ChipColor = 'default' | 'info' | 'success' | 'error' | 'warning';

const LOOK: Record<JobState, { label: string; color: ChipColor; variant: 'filled' | 'outlined' }> = {
  pending: { label: 'Waiting', color: 'default', variant: 'outlined' },
  processing: { label: 'Transcribing', color: 'info', variant: 'filled' },
  completed: { label: 'Done', color: 'success', variant: 'filled' },
  failed: { label: 'Failed', color: 'error', variant: 'filled' },
  cancelled: { label: 'Cancelled', color: 'warning', variant: 'outlined' },
};

export function JobStateChip({ state, retrying }: { state: JobState; retrying: boolean }) {
  const look = LOOK[state];
  const label = state === 'pending' && retrying ? 'Retrying soon' : look.label;
  return (
    <Chip
      size="small"
      label={label}
      color={look.color}
      variant={look.variant}
      data-testid="job-state"
      data-state={state}
    />
  );
}
