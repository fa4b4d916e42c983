import { SettingNumber, SettingSelect, SettingSwitch } from './fields/setting-fields.js';
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
      <SettingNumber
        group="app"
        field="historyRetentionDays"
        label="Keep dictations in the history for"
        endText="days"
        help="0 keeps them all."
        testId="setting-history-days"
      />
      <SettingNumber
        group="app"
        field="audioRetentionDays"
        label="Keep each dictation's audio for"
        endText="days"
        help="To play it or transcribe it again with another model; 0 keeps none. Clearing the history removes it."
        testId="setting-audio-days"
      />
      <SettingNumber
        group="app"
        field="audioMaxMb"
        label="Kept audio takes at most"
        endText="MB"
        help="The oldest recordings go first (about 2 MB per minute)."
        testId="setting-audio-max-mb"
      />
    </SettingsSection>
  );
}
