import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import { MessageText } from './MessageText.js';
import { useAppStore } from '../store/app-store.js';

/** Says, at the top of the window, when the window cannot work with the app; actions are disabled then. */
export function ConnectionBanner() {
  const connection = useAppStore((state) => state.connection);
  switch (connection.status) {
    case 'ready':
      return null;
    case 'connecting':
      return <LinearProgress aria-label="Connecting to the app" />;
    case 'mismatch':
      return (
        <Alert severity="error" role="alert" data-testid="protocol-mismatch">
          <AlertTitle>This window does not match the app</AlertTitle>
          The window speaks protocol version {connection.windowVersion}, the app speaks version{' '}
          {connection.appVersion}. Nothing can be done from this window until they match. Restart the app; if
          this persists, reinstall it.
        </Alert>
      );
    case 'failed':
    case 'lost':
      return (
        <Alert
          severity="error"
          role="alert"
          data-testid="connection-error"
          action={
            <Button color="inherit" size="small" onClick={() => window.location.reload()}>
              Reload
            </Button>
          }
        >
          <AlertTitle>
            {connection.status === 'lost' ? 'Connection to the app lost' : 'Not connected to the app'}
          </AlertTitle>
          <MessageText message={connection.message} hint={connection.hint} />
        </Alert>
      );
  }
}
