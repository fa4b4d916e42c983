import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, type ReactNode } from 'react';

export function SettingsSection({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    // A fieldset is as wide as its widest content by default (min-inline-size: min-content): a long
    // value in a select would widen the section past the window instead of being cut with an ellipsis.
    <Paper component="fieldset" sx={{ p: 2, m: 0, border: 0, minWidth: 0 }} aria-labelledby={id}>
      <Typography
        id={id}
        variant="subtitle1"
        component="legend"
        sx={{ fontWeight: 600, mb: 1.5, float: 'left', width: '100%' }}
      >
        {title}
      </Typography>
      <Stack spacing={2} sx={{ clear: 'both' }}>
        {children}
      </Stack>
    </Paper>
  );
}
