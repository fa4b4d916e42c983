import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useAppStore } from '../store/app-store.js';

/**
 * The words so far, while speaking: the committed part (finished at a pause, it will not change) in
 * the normal colour, the live tail after it in italics; the final text replaces them.
 */
export function LivePartial() {
  const partial = useAppStore((state) => state.partial);
  if (!partial || partial.text.trim().length === 0) return null;
  const committed = partial.committedText ?? '';
  const settled = committed.length > 0 && partial.text.startsWith(committed);
  const tail = settled ? partial.text.slice(committed.length) : partial.text;
  return (
    <Typography data-testid="live-partial" aria-live="polite" sx={{ whiteSpace: 'pre-wrap' }}>
      {settled ? (
        <Box component="span" data-testid="live-committed">
          {committed}
        </Box>
      ) : null}
      <Box component="span" data-testid="live-tail" sx={{ fontStyle: 'italic', color: 'text.secondary' }}>
        {tail}
      </Box>
    </Typography>
  );
}
