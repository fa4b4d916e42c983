import LinearProgress from '@mui/material/LinearProgress';
import { levelPercent } from '../common/format.js';
import { useAppStore } from '../store/app-store.js';

/** The microphone's level while recording, on a dB scale so speech moves it visibly. */
export function LevelMeter() {
  const level = useAppStore((state) => state.level);
  const percent = Math.round(levelPercent(level));
  return (
    <LinearProgress
      variant="determinate"
      value={percent}
      aria-label="Microphone level"
      data-testid="level-meter"
      sx={{ height: 8, borderRadius: 4, '& .MuiLinearProgress-bar': { transition: 'transform 80ms linear' } }}
    />
  );
}
