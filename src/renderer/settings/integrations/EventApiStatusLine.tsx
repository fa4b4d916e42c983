import Alert from '@mui/material/Alert';
import type { EventApiState } from '../../../shared/sessions.js';
import { MessageText } from '../../common/MessageText.js';

/** What the server is doing now (the saved settings, not the unsaved draft). */
export function EventApiStatusLine({ state, edited }: { state: EventApiState | null; edited: boolean }) {
  const pending = edited ? ' Save the settings to apply your changes.' : '';
  if (!state) return null;
  switch (state.state) {
    case 'off':
      return (
        <Alert severity="info" variant="outlined" data-testid="event-api-status" data-state="off">
          {`The event API is off: nothing is listening.${pending}`}
        </Alert>
      );
    case 'starting':
      return (
        <Alert severity="info" variant="outlined" data-testid="event-api-status" data-state="starting">
          {`Starting on port ${state.port}…`}
        </Alert>
      );
    case 'listening':
      return (
        <Alert severity="success" variant="outlined" data-testid="event-api-status" data-state="listening">
          {`Listening on 127.0.0.1:${state.port} · ${state.clients === 1 ? '1 client' : `${state.clients} clients`} connected.${pending}`}
        </Alert>
      );
    case 'failed':
      return (
        <Alert severity="error" data-testid="event-api-status" data-state="failed">
          <MessageText message={state.message} hint={state.hint} />
        </Alert>
      );
  }
}
