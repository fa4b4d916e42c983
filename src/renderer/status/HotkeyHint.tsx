import Typography from '@mui/material/Typography';
import { useAppStore } from '../store/app-store';

/** Reminds the user of the keys that do the same from any application. */
export function HotkeyHint() {
  const hotkeys = useAppStore((state) => state.settings?.hotkeys);
  if (!hotkeys) return null;
  const hold = `hold ${hotkeys.hold} to talk`;
  const toggle = `press ${hotkeys.toggle} to start and stop`;
  const text = hotkeys.mode === 'hold' ? hold : hotkeys.mode === 'toggle' ? toggle : `${hold}, or ${toggle}`;
  return (
    <Typography variant="body2" color="text.secondary">
      From any application: {text}. {hotkeys.cancel} discards a recording.
    </Typography>
  );
}
