import Alert from '@mui/material/Alert';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { levelPercent } from '../common/format.js';
import { MessageText } from '../common/MessageText.js';
import { useMicrophoneLevel } from './use-microphone-level.js';

/** A level that only speech (or a loud room) reaches: about -30 dBFS. */
const HEARD = 50;

/** Step 1: the microphone is open while this step shows; the bar follows the voice. */
export function MicrophoneStep() {
  const check = useMicrophoneLevel();
  const percent = Math.round(levelPercent(check.level));
  const heard = levelPercent(check.peak) >= HEARD;
  return (
    <Stack spacing={2} data-testid="step-microphone">
      <Typography>Say a few words. The bar should move while you speak.</Typography>
      <LinearProgress
        variant="determinate"
        value={percent}
        aria-label="Microphone level"
        data-testid="setup-level-meter"
        data-level={percent}
        sx={{
          height: 12,
          borderRadius: 6,
          '& .MuiLinearProgress-bar': { transition: 'transform 80ms linear' },
        }}
      />
      {check.error ? (
        <Alert severity="error" data-testid="microphone-error">
          <MessageText message={check.error.message} hint={check.error.hint} />
        </Alert>
      ) : heard ? (
        <Alert severity="success" data-testid="microphone-heard">
          The microphone works: we heard you.
        </Alert>
      ) : (
        <Typography variant="body2" color="text.secondary">
          {check.open ? 'Listening…' : 'Opening the microphone…'} If the bar stays still, choose another
          microphone in Settings or check that it is not muted.
        </Typography>
      )}
    </Stack>
  );
}
