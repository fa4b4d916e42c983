import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { Segment } from '../../shared/transcript.js';
import { formatTimestamp } from './job-timing.js';

/** A finished job's transcript with its timestamps; clicking a segment shows exactly when it is said. */
export function TranscriptView({ segments }: { segments: readonly Segment[] }) {
  const [selected, setSelected] = useState<number | null>(null);
  const spoken = segments.filter((segment) => segment.text.trim().length > 0);
  if (spoken.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary" data-testid="transcript-empty">
        No speech was recognised in this file.
      </Typography>
    );
  }
  const chosen = selected === null ? null : spoken[selected];
  return (
    <Stack spacing={1} data-testid="transcript">
      <Typography variant="body2" color="text.secondary" data-testid="segment-time" aria-live="polite">
        {chosen
          ? `Selected: ${formatTimestamp(chosen.startMs)} – ${formatTimestamp(chosen.endMs)}`
          : 'Click a line to see when it is said.'}
      </Typography>
      <List
        dense
        disablePadding
        sx={{ maxHeight: 280, overflow: 'auto', border: 1, borderColor: 'divider', borderRadius: 1 }}
      >
        {spoken.map((segment, index) => (
          <ListItemButton
            key={`${segment.startMs}-${index}`}
            selected={index === selected}
            onClick={() => setSelected(index)}
            data-testid="transcript-segment"
            sx={{ alignItems: 'baseline', gap: 1.5 }}
          >
            <Typography
              variant="caption"
              color="text.secondary"
              sx={{ fontFamily: 'monospace', flexShrink: 0 }}
            >
              {formatTimestamp(segment.startMs)}
            </Typography>
            <Typography variant="body2">{segment.text.trim()}</Typography>
          </ListItemButton>
        ))}
      </List>
    </Stack>
  );
}
