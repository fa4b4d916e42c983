import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import type { RemoteEngineSetting } from '../../shared/remote-settings.js';
import { useAppStore } from '../store/app-store.js';
import { RemoteEngineRow } from './remote/RemoteEngineRow.js';
import { useRemoteStatus } from './remote/use-remote-status.js';
import { useSettingsForm } from './settings-form.js';
import { SettingsSection } from './SettingsSection.js';
import { SettingSwitch } from './fields/setting-fields.js';

function newEngine(existing: readonly RemoteEngineSetting[]): RemoteEngineSetting {
  let n = existing.length + 1;
  while (existing.some((e) => e.id === `engine-${n}`)) n++;
  return {
    id: `engine-${n}`,
    name: `Server ${n}`,
    baseUrl: 'http://127.0.0.1:8080/v1',
    model: 'whisper-1',
    concurrency: 1,
    enabled: true,
    hasApiKey: false,
  };
}

/** Errors of engine `index`, by field, from the form's dotted paths (remote.engines.0.baseUrl). */
function engineErrors(errors: Record<string, string>, index: number): Record<string, string> {
  const prefix = `remote.engines.${index}.`;
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors))
    if (path.startsWith(prefix)) out[path.slice(prefix.length)] = message;
  return out;
}

/** OpenAI-compatible servers that file jobs (and, if asked, dictation) may send audio to. */
export function RemoteEnginesSection() {
  const { draft, errors, set } = useSettingsForm();
  const saved = useAppStore((state) => state.settings?.remote);
  const status = useRemoteStatus();
  const remote = draft.remote;
  const setEngines = (engines: RemoteEngineSetting[]) => set('remote', 'engines', engines);
  const listChanged = JSON.stringify(saved?.engines) !== JSON.stringify(remote.engines);
  return (
    <SettingsSection title="Remote engines">
      <Alert severity="info" data-testid="remote-privacy">
        Audio leaves this computer only to the servers listed here, and only while they are turned on: file
        jobs (and dictation, if you turn that on below) send the audio to them over HTTP(S). With no server
        listed, everything stays on this machine.
      </Alert>
      {remote.engines.map((engine, index) => (
        <RemoteEngineRow
          key={engine.id}
          engine={engine}
          health={status?.find((h) => h.id === engine.id)}
          errors={engineErrors(errors, index)}
          onChange={(next) => setEngines(remote.engines.map((e, i) => (i === index ? next : e)))}
          onRemove={() => setEngines(remote.engines.filter((_, i) => i !== index))}
        />
      ))}
      <Stack direction="row">
        <Button
          onClick={() => setEngines([...remote.engines, newEngine(remote.engines)])}
          data-testid="remote-add"
        >
          Add a server
        </Button>
      </Stack>
      {listChanged ? (
        <Alert severity="warning">
          Save, then restart the app: file jobs use the new list from the next start.
        </Alert>
      ) : null}
      <SettingSwitch
        group="remote"
        field="useForFiles"
        label="Use them for file jobs"
        help="Files are cut at pauses into pieces that run at once on this computer and on every server that is up."
        testId="setting-remote-files"
      />
      <SettingSwitch
        group="remote"
        field="localForFiles"
        label="This computer takes pieces too"
        testId="setting-remote-local"
      />
      <SettingSwitch
        group="remote"
        field="useForDictation"
        label="Dictate with a remote engine"
        help="Off by default. Your dictated audio would be sent to the first server that is turned on; the local engine answers when it is late."
        testId="setting-remote-dictation"
      />
    </SettingsSection>
  );
}
