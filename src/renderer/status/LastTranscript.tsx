import Alert from '@mui/material/Alert';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { CopyButton } from '../common/CopyButton.js';
import { useAppStore } from '../store/app-store.js';

export function LastTranscript() {
  const last = useAppStore((state) => state.lastTranscript);
  if (!last) return null;
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="last-transcript-title">
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography id="last-transcript-title" variant="subtitle2" color="text.secondary">
          Last transcript
        </Typography>
        <CopyButton text={last.text} label="Copy the last transcript" />
      </Stack>
      <Typography data-testid="last-transcript" sx={{ whiteSpace: 'pre-wrap', mt: 0.5 }}>
        {last.text}
      </Typography>
      {last.engine ? (
        <Typography variant="caption" color="text.secondary" data-testid="last-transcript-engine">
          {last.engine === 'local'
            ? 'Transcribed on this computer (the remote engine did not answer in time)'
            : `Transcribed by ${last.engine}`}
        </Typography>
      ) : null}
      {last.notice ? (
        <Alert severity="warning" sx={{ mt: 1 }} data-testid="delivery-notice">
          {last.notice}
        </Alert>
      ) : null}
    </Paper>
  );
}
