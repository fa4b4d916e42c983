import Chip from '@mui/material/Chip';
import type { DictationPhase } from '../../shared/dictation.js';

const LOOK: Record<DictationPhase, { label: string; color: 'default' | 'error' | 'info' | 'warning' }> = {
  idle: { label: 'Ready', color: 'default' },
  recording: { label: 'Recording', color: 'error' },
  transcribing: { label: 'Transcribing', color: 'info' },
  error: { label: 'Problem', color: 'warning' },
};

/** Where the dictation is; "Not connected" while the window cannot reach the app. */
export function PhaseChip({ phase, connected }: { phase: DictationPhase; connected: boolean }) {
  if (!connected)
    return <Chip label="Not connected" variant="outlined" data-testid="phase" data-phase="offline" />;
  const look = LOOK[phase];
  return <Chip label={look.label} color={look.color} data-testid="phase" data-phase={phase} />;
}
