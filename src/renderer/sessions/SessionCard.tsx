import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { RecordedSessionInfo } from '../../shared/sessions.js';
import { ListCard } from '../common/ListCard.js';
import { formatWhen } from '../common/format.js';
import { useCanAct } from '../store/app-store.js';
import { request } from '../store/requests.js';
import { DeleteSessionButton } from './DeleteSessionButton.js';
import { SessionExportMenu } from './SessionExportMenu.js';
import { sessionDetails } from './session-details.js';

/** One recorded session: when, how long, what was used, and what can be done with it. */
export function SessionCard({ session }: { session: RecordedSessionInfo }) {
  const canAct = useCanAct();
  const started = formatWhen(Date.parse(session.startedAt));
  return (
    <ListCard
      label={`Session of ${started}`}
      data={{
        'data-testid': 'session-card',
        'data-session-id': session.id,
        'data-in-progress': session.inProgress,
      }}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }}>
        <Typography
          component="h3"
          variant="subtitle1"
          sx={{ fontWeight: 600, flexGrow: 1, minWidth: 0 }}
          data-testid="session-started"
        >
          {started}
        </Typography>
        {session.inProgress ? (
          <Chip size="small" color="error" label="Recording now" data-testid="session-in-progress" />
        ) : null}
        {session.recovered ? (
          <Chip
            size="small"
            color="warning"
            variant="outlined"
            label="Repaired after a crash"
            data-testid="session-repaired"
          />
        ) : null}
      </Stack>
      <Typography variant="body2" color="text.secondary" data-testid="session-details">
        {sessionDetails(session)}
      </Typography>
      <Typography
        variant="caption"
        color="text.secondary"
        sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}
        title={session.audioFile}
        data-testid="session-folder"
      >
        {session.folder}
      </Typography>
      <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap', alignItems: 'center', rowGap: 0.5 }}>
        <Button
          size="small"
          onClick={() => void request({ type: 'session_open_audio', sessionId: session.id })}
          disabled={!canAct}
        >
          Open recording
        </Button>
        <Button
          size="small"
          onClick={() => void request({ type: 'session_show_in_folder', sessionId: session.id })}
          disabled={!canAct}
        >
          Show in folder
        </Button>
        <SessionExportMenu session={session} />
        <DeleteSessionButton session={session} />
      </Stack>
    </ListCard>
  );
}
