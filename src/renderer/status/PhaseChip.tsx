import Chip from '@mui/material/Chip';
import type { DictationPhase } from '../../shared/dictation.js';

const LOOK: Record<DictationPhase, { label: string; color: 'default' | 'error' | 'info' | 'warning' }> = {
  idle: { label: 'Ready', color: 'default' },
  recording: { label: 'Recording', color: 'error' },
  transcribing: { label: 'Transcribing', color: 'info' },
  error: { label: 'Problem', color: 'warning' },
};

export function PhaseChip({ phase }: { phase: DictationPhase }) {
  const look = LOOK[phase];
  return <Chip label={look.label} color={look.color} data-testid="phase" data-phase={phase} />;
}
