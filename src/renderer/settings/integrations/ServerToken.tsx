import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { CopyButton } from '../../common/CopyButton.js';
import { pushNotice, useCanAct } from '../../store/app-store.js';
import { request } from '../../store/requests.js';

const MASK = '•'.repeat(24);

/** What differs between the servers that have a token (the event API, the transcription server). */
export interface ServerTokenTexts {
  request: 'event_api_regenerate_token' | 'serve_regenerate_token';
  /** Prefix of the test ids: `${testId}`, `${testId}-reveal`, `${testId}-regenerate`, `${testId}-confirm`. */
  testId: string;
  label: string;
  placeholder: string;
  helperText: string;
  dialogTitle: string;
  dialogText: string;
  replaced: string;
}

export const EVENT_API_TOKEN: ServerTokenTexts = {
  request: 'event_api_regenerate_token',
  testId: 'event-api-token',
  label: 'Token',
  placeholder: 'Made when you first turn the API on',
  helperText: 'Clients send it as ?token=… or an Authorization: Bearer header.',
  dialogTitle: 'Replace the event API token?',
  dialogText: 'Programs that use the current token are disconnected and must be given the new one.',
  replaced: 'A new token is in use. Programs with the old one were disconnected.',
};

/** The token clients must send: hidden until asked for, copied, or replaced (which locks out the old one). */
export function ServerToken({ token, texts }: { token: string; texts: ServerTokenTexts }) {
  const canAct = useCanAct();
  const [revealed, setRevealed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const titleId = `${texts.testId}-title`;
  const regenerate = async () => {
    setConfirming(false);
    const result = await request({ type: texts.request });
    if (result) pushNotice({ level: 'success', message: texts.replaced });
  };
  const empty = token.length === 0;
  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <TextField
          label={texts.label}
          value={empty ? '' : revealed ? token : MASK}
          placeholder={texts.placeholder}
          helperText={texts.helperText}
          fullWidth
          slotProps={{
            htmlInput: {
              readOnly: true,
              'data-testid': texts.testId,
              style: { fontFamily: 'monospace' },
              'aria-description': revealed ? 'shown' : 'hidden',
            },
            inputLabel: { shrink: true },
          }}
        />
        <Button
          onClick={() => setRevealed((shown) => !shown)}
          disabled={empty}
          aria-pressed={revealed}
          data-testid={`${texts.testId}-reveal`}
          sx={{ flexShrink: 0, mb: 3 }}
        >
          {revealed ? 'Hide' : 'Show'}
        </Button>
        <Stack sx={{ mb: 3 }}>
          <CopyButton text={token} label="Copy the token" />
        </Stack>
      </Stack>
      <Button
        onClick={() => setConfirming(true)}
        disabled={!canAct}
        sx={{ alignSelf: 'flex-start' }}
        data-testid={`${texts.testId}-regenerate`}
      >
        Generate a new token
      </Button>
      <Dialog open={confirming} onClose={() => setConfirming(false)} aria-labelledby={titleId}>
        <DialogTitle id={titleId}>{texts.dialogTitle}</DialogTitle>
        <DialogContent>
          <DialogContentText>{texts.dialogText}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(false)} autoFocus>
            Keep the current one
          </Button>
          <Button color="warning" onClick={() => void regenerate()} data-testid={`${texts.testId}-confirm`}>
            Generate a new token
          </Button>
        </DialogActions>
      </Dialog>
    </Stack>
  );
}
