import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { IntegrationSettings } from '../../../shared/settings.js';
import type { ServeState } from '../../../shared/sessions.js';
import { CopyButton } from '../../common/CopyButton.js';
import { SettingNumber, SettingSwitch } from '../fields/setting-fields.js';
import { TextSettingField } from '../fields/TextSettingField.js';
import { useSettingsForm } from '../settings-form.js';
import { ServerToken, type ServerTokenTexts } from './ServerToken.js';
import { ServeStatusLine } from './ServeStatusLine.js';

const SERVE_TOKEN: ServerTokenTexts = {
  request: 'serve_regenerate_token',
  testId: 'serve-token',
  label: 'API key',
  placeholder: 'Made when you first turn the server on',
  helperText: 'Clients give it as their OpenAI API key (sent as an Authorization: Bearer header).',
  dialogTitle: 'Replace the transcription server’s API key?',
  dialogText: 'Programs that use the current key are refused until they are given the new one.',
  replaced: 'A new API key is in use. Programs with the old one are refused.',
};

const KEYS = ['serveEnabled', 'servePort', 'serveHost'] as const;
const WILDCARDS = new Set(['0.0.0.0', '::']);

/** The base URL a program on this computer is given (a wildcard address is reached at 127.0.0.1). */
function baseUrlFor(host: string, port: string): string {
  const shown = WILDCARDS.has(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port || '…'}/v1`;
}

/** "Serve my engine to other programs": the OpenAI-compatible transcription server (off by default). */
export function ServeFields({
  saved,
  state,
}: {
  saved: IntegrationSettings | undefined;
  state: ServeState | null;
}) {
  const { draft, errors, set } = useSettingsForm();
  const settings = draft.integrations;
  const edited = saved !== undefined && KEYS.some((key) => saved[key] !== settings[key]);
  const port = Number.isNaN(settings.servePort) ? '' : String(settings.servePort);
  const baseUrl = baseUrlFor(settings.serveHost, port);
  const loopback = settings.serveHost === 'localhost' || /^127\.|^::1$/.test(settings.serveHost);
  return (
    <>
      <SettingSwitch
        group="integrations"
        field="serveEnabled"
        label="Serve my engine to other programs"
        help="An OpenAI-compatible transcription server (POST /v1/audio/transcriptions, GET /v1/models) with your active speech model, as “dictation serve” runs it. Its engine is a process of its own, started at the first request, so a dictation never waits behind a request. Off by default."
        testId="setting-serve"
      />
      <ServeStatusLine state={state} edited={edited} />
      <Box sx={{ display: 'flex', gap: 2 }}>
        <SettingNumber
          group="integrations"
          field="servePort"
          label="Port"
          help="1024 to 65535."
          testId="setting-serve-port"
        />
        <TextSettingField
          label="Address"
          value={settings.serveHost}
          onChange={(value) => set('integrations', 'serveHost', value.trim())}
          error={errors['integrations.serveHost']}
          help="127.0.0.1: this computer only. 0.0.0.0: every network it is on."
          testId="setting-serve-host"
        />
      </Box>
      <Box data-testid="serve-address">
        <Typography variant="body2" component="div" sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
          <span>Point OpenAI clients at</span>
          <Box
            component="code"
            sx={{ fontFamily: 'monospace', bgcolor: 'action.hover', px: 0.5, borderRadius: 0.5 }}
          >
            {baseUrl}
          </Box>
          <span>with the API key below.</span>
          <CopyButton text={baseUrl} label="Copy the base URL" />
        </Typography>
        {WILDCARDS.has(settings.serveHost) ? (
          <Typography variant="body2" color="text.secondary">
            From other computers, use this computer’s network address in place of 127.0.0.1.
          </Typography>
        ) : null}
      </Box>
      <ServerToken token={settings.serveToken} texts={SERVE_TOKEN} />
      <Typography variant="body2" color="text.secondary" data-testid="serve-privacy">
        {`Audio sent to this server is transcribed on this computer; it goes nowhere else. ${
          loopback
            ? 'On 127.0.0.1 only programs on this computer can reach it.'
            : `On ${settings.serveHost || 'another address'}, anyone on that network who has the API key can send it audio and read the text.`
        }`}
      </Typography>
    </>
  );
}
