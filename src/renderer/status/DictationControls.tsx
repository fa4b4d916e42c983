import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import type { DictationPhase } from '../../shared/dictation.js';
import { MicIcon, StopIcon } from '../common/icons.js';
import { useCanAct } from '../store/app-store.js';
import { request } from '../store/requests.js';

export function DictationControls({ phase }: { phase: DictationPhase }) {
  const canAct = useCanAct();
  const start = () => void request({ type: 'dictation_start', trigger: 'ui' });
  const stop = () => void request({ type: 'dictation_stop' });
  const cancel = () => void request({ type: 'dictation_cancel' });

  if (phase === 'recording') {
    return (
      <Stack direction="row" spacing={1}>
        <Button variant="contained" color="error" startIcon={<StopIcon />} onClick={stop} disabled={!canAct}>
          Stop and transcribe
        </Button>
        <Button variant="outlined" onClick={cancel} disabled={!canAct}>
          Discard
        </Button>
      </Stack>
    );
  }
  if (phase === 'transcribing') {
    return (
      <Button variant="outlined" onClick={cancel} disabled={!canAct}>
        Cancel
      </Button>
    );
  }
  return (
    <Button variant="contained" size="large" startIcon={<MicIcon />} onClick={start} disabled={!canAct}>
      Start dictation
    </Button>
  );
}
