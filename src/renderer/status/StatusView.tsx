import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import { useAppStore, useCanAct } from '../store/app-store';
import { DictationControls } from './DictationControls';
import { DictationError } from './DictationError';
import { HotkeyHint } from './HotkeyHint';
import { LastTranscript } from './LastTranscript';
import { LevelMeter } from './LevelMeter';
import { LivePartial } from './LivePartial';
import { PhaseChip } from './PhaseChip';
import { RecordingTimer } from './RecordingTimer';
import { TranscribingIndicator } from './TranscribingIndicator';

export function StatusView() {
  const status = useAppStore((state) => state.status);
  const connected = useCanAct();
  const recording = status.phase === 'recording' && status.recordingSince !== null;
  return (
    <Stack spacing={2}>
      <Paper sx={{ p: 3 }} component="section" aria-label="Dictation status">
        <Stack spacing={2}>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center', minHeight: 56 }}>
            <PhaseChip phase={status.phase} connected={connected} />
            {recording ? <RecordingTimer key={status.sessionId} since={status.recordingSince ?? 0} /> : null}
            {status.phase === 'transcribing' ? <TranscribingIndicator /> : null}
          </Stack>
          {recording ? <LevelMeter /> : null}
          <LivePartial />
          {status.phase === 'error' && status.error ? <DictationError error={status.error} /> : null}
          <div>
            <DictationControls phase={status.phase} />
          </div>
          <HotkeyHint />
        </Stack>
      </Paper>
      <LastTranscript />
    </Stack>
  );
}
