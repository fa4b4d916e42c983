import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';

export function TranscribingIndicator() {
  return (
    <Stack
      direction="row"
      spacing={1.5}
      sx={{ alignItems: 'center' }}
      data-testid="transcribing"
      role="status"
    >
      <CircularProgress size={28} aria-label="Transcribing" />
      <Typography variant="h6" component="span">
        Turning your speech into text…
      </Typography>
    </Stack>
  );
}
