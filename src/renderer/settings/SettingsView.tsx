import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import type { FormEvent } from 'react';
import type { Settings } from '../../shared/settings.js';
import { ErrorAlert } from '../common/ErrorAlert.js';
import { useAppStore, useCanAct } from '../store/app-store.js';
import { AppSection } from './AppSection.js';
import { AutoStopSection } from './AutoStopSection.js';
import { DeliverySection } from './DeliverySection.js';
import { HotkeySection } from './HotkeySection.js';
import { IntegrationsSection } from './IntegrationsSection.js';
import { MicrophoneSection } from './MicrophoneSection.js';
import { RemoteEnginesSection } from './RemoteEnginesSection.js';
import { SettingsFormProvider } from './settings-form.js';
import { SpeechSection } from './SpeechSection.js';
import { TextRulesSection } from './text-rules/TextRulesSection.js';
import { useSettingsDraft } from './use-settings-draft.js';
import { WakeWordSection } from './WakeWordSection.js';

export function SettingsView() {
  const saved = useAppStore((state) => state.settings);
  if (!saved) return null;
  return <SettingsForm saved={saved} />;
}

function SettingsForm({ saved }: { saved: Settings }) {
  const canAct = useCanAct();
  const hasIntegrations = useAppStore((state) => state.features.sessions === true);
  const hasRemote = useAppStore((state) => state.features.remoteEngines === true);
  const form = useSettingsDraft(saved);
  const invalid = Object.keys(form.errors).length > 0 || form.problems.length > 0;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form.dirty && !invalid) void form.save();
  };
  return (
    <form onSubmit={submit} aria-label="Settings" noValidate>
      <SettingsFormProvider form={{ draft: form.draft, errors: form.errors, set: form.set }}>
        <Stack spacing={2}>
          <HotkeySection />
          <MicrophoneSection />
          <SpeechSection />
          <AutoStopSection />
          <WakeWordSection />
          <DeliverySection />
          <TextRulesSection />
          <AppSection />
          {hasIntegrations ? <IntegrationsSection /> : null}
          {hasRemote ? <RemoteEnginesSection /> : null}
          <Paper
            sx={{ p: 2, position: form.dirty ? 'sticky' : 'static', bottom: 0, zIndex: 1 }}
            elevation={form.dirty ? 6 : 1}
            data-testid="settings-save-bar"
          >
            <Stack spacing={1}>
              {form.problems.map((problem) => (
                <Alert key={problem} severity="error">
                  {problem}
                </Alert>
              ))}
              <ErrorAlert error={form.saveError} testId="settings-save-error" />
              <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
                <Button onClick={form.discard} disabled={!form.dirty || form.saving}>
                  Discard changes
                </Button>
                <Button
                  type="submit"
                  variant="contained"
                  disabled={!canAct || !form.dirty || invalid || form.saving}
                >
                  Save settings
                </Button>
              </Stack>
            </Stack>
          </Paper>
        </Stack>
      </SettingsFormProvider>
    </form>
  );
}
