import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { Settings } from '../../shared/settings.js';
import { MessageText } from '../common/MessageText.js';
import { HotkeySection } from '../settings/HotkeySection.js';
import { SettingsFormProvider } from '../settings/settings-form.js';
import { useSettingsDraft } from '../settings/use-settings-draft.js';
import { useAppStore } from '../store/app-store.js';

/** Step 3: the shortcuts, saved to the settings like the Settings view does. */
export function HotkeyStep() {
  const saved = useAppStore((state) => state.settings);
  if (!saved) return null;
  return <HotkeyForm saved={saved} />;
}

function HotkeyForm({ saved }: { saved: Settings }) {
  const form = useSettingsDraft(saved);
  const invalid = Object.keys(form.errors).length > 0 || form.problems.length > 0;
  return (
    <Stack spacing={2} data-testid="step-hotkey">
      <Typography>
        Press the shortcut anywhere to dictate into the app you are using. The defaults work for most people.
      </Typography>
      <SettingsFormProvider form={form}>
        <HotkeySection />
      </SettingsFormProvider>
      {form.problems.map((problem) => (
        <Alert key={problem} severity="error">
          {problem}
        </Alert>
      ))}
      {form.saveError ? (
        <Alert severity="error">
          <MessageText message={form.saveError.message} hint={form.saveError.hint} />
        </Alert>
      ) : null}
      <Button
        variant="outlined"
        disabled={!form.dirty || invalid || form.saving}
        onClick={() => void form.save()}
        sx={{ alignSelf: 'flex-start' }}
        data-testid="setup-save-hotkeys"
      >
        Save shortcuts
      </Button>
    </Stack>
  );
}
