import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import { SetupBanner } from '../onboarding/SetupBanner.js';
import { useAppStore, useCanAct } from '../store/app-store.js';
import { DictationControls } from './DictationControls.js';
import { DictationError } from './DictationError.js';
import { HotkeyHint } from './HotkeyHint.js';
import { LastTranscript } from './LastTranscript.js';
import { LevelMeter } from './LevelMeter.js';
import { LivePartial } from './LivePartial.js';
import { PhaseChip } from './PhaseChip.js';
import { RecordingTimer } from './RecordingTimer.js';
import { TranscribingIndicator } from './TranscribingIndicator.js';

export function StatusView() {
  const status = useAppStore((state) => state.status);
  const connected = useCanAct();
  const recording = status.phase === 'recording' && status.recordingSince !== null;
  return (
    <Stack spacing={2}>
      <SetupBanner />
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
