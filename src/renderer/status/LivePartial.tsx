import Typography from '@mui/material/Typography';
import { useAppStore } from '../store/app-store.js';

/** The words so far, while speaking; the final text replaces them. */
export function LivePartial() {
  const partial = useAppStore((state) => state.partial);
  if (!partial || partial.text.trim().length === 0) return null;
  return (
    <Typography
      data-testid="live-partial"
      aria-live="polite"
      sx={{ fontStyle: 'italic', color: 'text.secondary', whiteSpace: 'pre-wrap' }}
    >
      {partial.text}
    </Typography>
  );
}
