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

/** The token clients must send: hidden until asked for, copied, or replaced (which locks out the old one). */
export function EventApiToken({ token }: { token: string }) {
  const canAct = useCanAct();
  const [revealed, setRevealed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const regenerate = async () => {
    setConfirming(false);
    const result = await request({ type: 'event_api_regenerate_token' });
    if (result) {
      pushNotice({
        level: 'success',
        message: 'A new token is in use. Programs with the old one were disconnected.',
      });
    }
  };
  const empty = token.length === 0;
  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <TextField
          label="Token"
          value={empty ? '' : revealed ? token : MASK}
          placeholder="Made when you first turn the API on"
          helperText="Clients send it as ?token=… or an Authorization: Bearer header."
          fullWidth
          slotProps={{
            htmlInput: {
              readOnly: true,
              'data-testid': 'event-api-token',
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
          data-testid="event-api-token-reveal"
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
        data-testid="event-api-token-regenerate"
      >
        Generate a new token
      </Button>
      <Dialog open={confirming} onClose={() => setConfirming(false)} aria-labelledby="new-token-title">
        <DialogTitle id="new-token-title">Replace the event API token?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            Programs that use the current token are disconnected and must be given the new one.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(false)} autoFocus>
            Keep the current one
          </Button>
          <Button color="warning" onClick={() => void regenerate()} data-testid="event-api-token-confirm">
            Generate a new token
          </Button>
        </DialogActions>
      </Dialog>
    </Stack>
  );
}
