import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useAppStore } from '../store/app-store.js';
import { SessionCard } from './SessionCard.js';
import { useSessions } from './use-sessions.js';

/** The shell follows the hash; a hash that is already #settings needs the event sent again. */
function openSettings(): void {
  window.location.hash = 'settings';
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

/** Sessions recorded with "Record sessions": one card each, the one being recorded first. */
export function SessionsView() {
  const list = useSessions();
  const recording = useAppStore((state) => state.settings?.integrations.recordSessions === true);
  const sessions = list?.sessions ?? [];
  return (
    <Paper component="section" aria-label="Sessions" data-testid="sessions-view" sx={{ p: 2 }}>
      <Stack spacing={2}>
        <Typography
          variant="body2"
          color="text.secondary"
          sx={{ display: sessions.length === 0 && !recording ? 'none' : undefined }}
        >
          {recording
            ? 'Recording is on: every dictation is added to the current session (audio plus captions timed to it).'
            : 'Recording is off. Sessions recorded earlier stay here until you delete them.'}
        </Typography>
        {sessions.length === 0 ? (
          <Stack
            spacing={1.5}
            sx={{ py: 4, alignItems: 'center', textAlign: 'center' }}
            data-testid="sessions-empty"
          >
            <Typography color="text.secondary">
              {list === null ? 'Loading…' : 'No recorded sessions yet.'}
            </Typography>
            {list !== null && !recording ? (
              <>
                <Typography variant="body2" color="text.secondary" sx={{ maxWidth: 520 }}>
                  Turn on “Record sessions” in Settings → Integrations. From then on, each dictation’s audio
                  is added to one WAV recording with WebVTT captions that line up with it, and the session
                  shows here to play, export or delete.
                </Typography>
                <Button variant="outlined" onClick={openSettings}>
                  Open Settings
                </Button>
              </>
            ) : null}
            {list !== null && recording ? (
              <Typography variant="body2" color="text.secondary">
                Your next dictation starts a session.
              </Typography>
            ) : null}
          </Stack>
        ) : (
          <Stack spacing={1.5} data-testid="session-list">
            {sessions.map((session) => (
              <SessionCard key={session.id} session={session} />
            ))}
          </Stack>
        )}
        {list ? (
          <Typography variant="caption" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
            {`Saved in ${list.sessionsDir}`}
          </Typography>
        ) : null}
      </Stack>
    </Paper>
  );
}
