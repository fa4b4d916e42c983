import Box from '@mui/material/Box';
import Divider from '@mui/material/Divider';
import Typography from '@mui/material/Typography';
import { EVENT_API_PATH } from '../../shared/event-api.js';
import type { IntegrationSettings } from '../../shared/settings.js';
import { useAppStore } from '../store/app-store.js';
import { SettingNumber, SettingSwitch } from './fields/setting-fields.js';
import { AllowedOrigins } from './integrations/AllowedOrigins.js';
import { EventApiStatusLine } from './integrations/EventApiStatusLine.js';
import { ServeFields } from './integrations/ServeFields.js';
import { EVENT_API_TOKEN, ServerToken } from './integrations/ServerToken.js';
import { useIntegrationsStatus } from './integrations/use-integrations-status.js';
import { useSettingsForm } from './settings-form.js';
import { SettingsSection } from './SettingsSection.js';

const API_KEYS = ['eventApiEnabled', 'eventApiPort', 'eventApiAllowedOrigins'] as const;

function apiEdited(saved: IntegrationSettings | undefined, draft: IntegrationSettings): boolean {
  if (!saved) return false;
  return API_KEYS.some((key) => JSON.stringify(saved[key]) !== JSON.stringify(draft[key]));
}

/**
 * The local event API (opt-in WebSocket on 127.0.0.1), "Serve my engine to other programs" (the
 * OpenAI-compatible transcription server) and "Record sessions".
 */
export function IntegrationsSection() {
  const { draft, errors, set } = useSettingsForm();
  const saved = useAppStore((state) => state.settings?.integrations);
  const status = useIntegrationsStatus();
  const settings = draft.integrations;
  const port = Number.isNaN(settings.eventApiPort) ? '' : String(settings.eventApiPort);
  return (
    <SettingsSection title="Integrations">
      <SettingSwitch
        group="integrations"
        field="eventApiEnabled"
        label="Local event API"
        help="Lets programs on this computer (live captions in OBS, scripts) follow your dictation and start or stop it, over a WebSocket on 127.0.0.1 only. Off by default."
        testId="setting-event-api"
      />
      <EventApiStatusLine state={status?.eventApi ?? null} edited={apiEdited(saved, settings)} />
      <SettingNumber
        group="integrations"
        field="eventApiPort"
        label="Port"
        help="1024 to 65535. Change it if another program uses this one."
        testId="setting-event-api-port"
      />
      <Box data-testid="event-api-address">
        <Typography variant="body2">
          Clients connect to{' '}
          <Box
            component="code"
            sx={{ fontFamily: 'monospace', bgcolor: 'action.hover', px: 0.5, borderRadius: 0.5 }}
          >
            {`ws://127.0.0.1:${port || '…'}${EVENT_API_PATH}`}
          </Box>{' '}
          with the token below.
        </Typography>
        <Typography variant="body2" color="text.secondary">
          A client example (live captions in OBS) is in the README, under “Local event API”.
        </Typography>
      </Box>
      <ServerToken token={settings.eventApiToken} texts={EVENT_API_TOKEN} />
      <AllowedOrigins
        origins={settings.eventApiAllowedOrigins}
        onChange={(next) => set('integrations', 'eventApiAllowedOrigins', next)}
        error={firstError(errors, 'integrations.eventApiAllowedOrigins')}
      />
      <Divider />
      <ServeFields saved={saved} state={status?.serve ?? null} />
      <Divider />
      <SettingSwitch
        group="integrations"
        field="recordSessions"
        label="Record sessions"
        help={`While on, every dictation's audio is added to one WAV recording, with WebVTT captions timed to it and a small session.json (start, end, model, language), in ${status?.sessionsDir ?? 'the sessions folder'}. The Sessions tab lists them.`}
        testId="setting-record-sessions"
      />
    </SettingsSection>
  );
}

function firstError(errors: Record<string, string>, prefix: string): string | undefined {
  const key = Object.keys(errors).find((k) => k === prefix || k.startsWith(`${prefix}.`));
  return key === undefined ? undefined : errors[key];
}
