import { SettingSelect, SettingSwitch } from './fields/setting-fields.js';
import { SettingsSection } from './SettingsSection.js';

const THEMES = [
  { value: 'system', label: 'Same as the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
] as const;

export function AppSection() {
  return (
    <SettingsSection title="App">
      <SettingSwitch
        group="app"
        field="soundCues"
        label="Sound cues"
        help="A short sound when recording starts and stops."
        testId="setting-sound-cues"
      />
      <SettingSwitch
        group="app"
        field="launchAtLogin"
        label="Start when I log in"
        testId="setting-launch-at-login"
      />
      <SettingSelect group="app" field="theme" label="Appearance" options={THEMES} testId="setting-theme" />
    </SettingsSection>
  );
}
