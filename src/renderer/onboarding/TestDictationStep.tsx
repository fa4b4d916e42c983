import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { SerializedError } from '../../shared/errors.js';
import { MessageText } from '../common/MessageText.js';
import { MicIcon, StopIcon } from '../common/icons.js';
import { LevelMeter } from '../status/LevelMeter.js';
import { LivePartial } from '../status/LivePartial.js';
import { useAppStore, useCanAct } from '../store/app-store.js';
import { invoke } from '../store/requests.js';

/** Step 4: one dictation from the window; the text shows here (and is typed where the cursor is). */
export function TestDictationStep() {
  const status = useAppStore((state) => state.status);
  const last = useAppStore((state) => state.lastTranscript);
  const canAct = useCanAct();
  const [startedAt] = useState(() => Date.now());
  const [error, setError] = useState<SerializedError | null>(null);
  const send = async (type: 'dictation_start' | 'dictation_stop') => {
    setError(null);
    const response = await invoke(type === 'dictation_start' ? { type, trigger: 'ui' } : { type });
    if (!response.ok) setError(response.error);
  };
  const recording = status.phase === 'recording';
  const transcript = last && last.timestamp >= startedAt ? last.text : null;
  return (
    <Stack spacing={2} data-testid="step-test">
      <Typography>Press Start, say a sentence, then press Stop. The text appears below.</Typography>
      <Stack direction="row" spacing={1}>
        {recording ? (
          <Button
            variant="contained"
            color="error"
            startIcon={<StopIcon />}
            onClick={() => void send('dictation_stop')}
            disabled={!canAct}
          >
            Stop
          </Button>
        ) : (
          <Button
            variant="contained"
            startIcon={<MicIcon />}
            onClick={() => void send('dictation_start')}
            disabled={!canAct || status.phase === 'transcribing'}
            data-testid="setup-start"
          >
            {status.phase === 'transcribing' ? 'Transcribing…' : 'Start'}
          </Button>
        )}
      </Stack>
      {recording ? <LevelMeter /> : null}
      <LivePartial />
      {error ? (
        <Alert severity="warning" data-testid="setup-dictation-error">
          <MessageText message={error.message} hint={error.hint} />
        </Alert>
      ) : null}
      {status.phase === 'error' && status.error ? (
        <Alert severity="warning">
          <MessageText message={status.error.message} hint={status.error.hint} />
        </Alert>
      ) : null}
      {transcript !== null ? (
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Typography variant="subtitle2" color="text.secondary">
            You said
          </Typography>
          <Typography data-testid="setup-transcript" sx={{ whiteSpace: 'pre-wrap' }}>
            {transcript}
          </Typography>
        </Paper>
      ) : null}
    </Stack>
  );
}
