import { SettingNumber, SettingSwitch } from './fields/setting-fields.js';
import { useSettingsForm } from './settings-form.js';
import { SettingsSection } from './SettingsSection.js';

export function AutoStopSection() {
  const { draft } = useSettingsForm();
  return (
    <SettingsSection title="Auto-stop">
      <SettingSwitch
        group="vad"
        field="autoStop"
        label="Stop recording when I stop speaking"
        testId="setting-auto-stop"
      />
      <SettingNumber
        group="vad"
        field="silenceMs"
        label="Silence before stopping"
        help="200 to 10000 milliseconds"
        endText="ms"
        disabled={!draft.vad.autoStop}
        testId="setting-silence-ms"
      />
    </SettingsSection>
  );
}
