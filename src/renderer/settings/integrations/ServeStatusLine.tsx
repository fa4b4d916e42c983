import Alert from '@mui/material/Alert';
import type { ServeState } from '../../../shared/sessions.js';
import { MessageText } from '../../common/MessageText.js';

/** What the transcription server is doing now (the saved settings, not the unsaved draft). */
export function ServeStatusLine({ state, edited }: { state: ServeState | null; edited: boolean }) {
  const pending = edited ? ' Save the settings to apply your changes.' : '';
  if (!state) return null;
  const common = { 'data-testid': 'serve-status', 'data-state': state.state } as const;
  switch (state.state) {
    case 'off':
      return (
        <Alert severity="info" variant="outlined" {...common}>
          {`The transcription server is off: nothing is listening.${pending}`}
        </Alert>
      );
    case 'starting':
      return (
        <Alert severity="info" variant="outlined" {...common}>
          {`Starting on port ${state.port}…`}
        </Alert>
      );
    case 'listening':
      return (
        <Alert severity="success" variant="outlined" {...common}>
          {`Listening on ${state.host}:${state.port}.${pending}`}
        </Alert>
      );
    case 'failed':
      return (
        <Alert severity="error" {...common}>
          <MessageText message={state.message} hint={state.hint} />
        </Alert>
      );
  }
}
