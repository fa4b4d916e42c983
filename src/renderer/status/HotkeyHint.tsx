import Typography from '@mui/material/Typography';
import { formatAccelerator } from '../common/format-accelerator.js';
import { useAppStore } from '../store/app-store.js';

/** Reminds the user of the keys that do the same from any application. */
export function HotkeyHint() {
  const hotkeys = useAppStore((state) => state.settings?.hotkeys);
  if (!hotkeys) return null;
  const hold = `hold ${formatAccelerator(hotkeys.hold)} to talk`;
  const toggle = `press ${formatAccelerator(hotkeys.toggle)} to start and stop`;
  const text = hotkeys.mode === 'hold' ? hold : hotkeys.mode === 'toggle' ? toggle : `${hold}, or ${toggle}`;
  return (
    <Typography variant="body2" color="text.secondary">
      From any application: {text}. {formatAccelerator(hotkeys.cancel)} discards a recording.
    </Typography>
  );
}
