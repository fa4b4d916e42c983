import Typography from '@mui/material/Typography';
import { formatTimer } from '../common/format.js';
import { useElapsedSeconds } from './use-elapsed-seconds.js';

/** mm:ss since recording started; mounted only while recording, so it starts again from 00:00. */
export function RecordingTimer({ since }: { since: number }) {
  const seconds = useElapsedSeconds(since);
  return (
    <Typography
      component="span"
      role="timer"
      aria-label={`Recording for ${formatTimer(seconds)}`}
      data-testid="recording-timer"
      sx={{
        fontVariantNumeric: 'tabular-nums',
        fontSize: '2.25rem',
        fontWeight: 600,
        letterSpacing: '0.04em',
      }}
    >
      {formatTimer(seconds)}
    </Typography>
  );
}
