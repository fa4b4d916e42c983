import type { AppSettings } from '../../shared/settings.js';
import { SelectField } from './fields/SelectField.js';
import { SwitchField } from './fields/SwitchField.js';
import type { SectionProps } from './section-props.js';
import { SettingsSection } from './SettingsSection.js';

const THEMES = [
  { value: 'system', label: 'Same as the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
] as const;

export function AppSection({ draft, errors, set }: SectionProps) {
  return (
    <SettingsSection title="App">
      <SwitchField
        label="Sound cues"
        checked={draft.app.soundCues}
        onChange={(checked) => set('app', 'soundCues', checked)}
        help="A short sound when recording starts and stops."
        testId="setting-sound-cues"
      />
      <SwitchField
        label="Start when I log in"
        checked={draft.app.launchAtLogin}
        onChange={(checked) => set('app', 'launchAtLogin', checked)}
        testId="setting-launch-at-login"
      />
      <SelectField
        label="Appearance"
        value={draft.app.theme}
        options={THEMES}
        onChange={(value) => set('app', 'theme', value as AppSettings['theme'])}
        error={errors['app.theme']}
        testId="setting-theme"
      />
    </SettingsSection>
  );
}
