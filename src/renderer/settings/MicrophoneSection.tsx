import { SelectField } from './fields/SelectField.js';
import { SettingSwitch } from './fields/setting-fields.js';
import { useSettingsForm } from './settings-form.js';
import { SettingsSection } from './SettingsSection.js';
import { useDevices } from './use-devices.js';

/** Stands for `deviceId: null` in the drop-down (MUI shows an empty value as no value at all). */
const SYSTEM_DEFAULT = 'system-default';

export function MicrophoneSection() {
  const { draft, errors, set } = useSettingsForm();
  const { devices, error } = useDevices();
  const current = draft.microphone.deviceId;
  const options = [
    { value: SYSTEM_DEFAULT, label: 'System default' },
    ...devices.map((device) => ({
      value: device.id,
      label: device.isDefault ? `${device.name} (default)` : device.name,
    })),
  ];
  if (current !== null && !options.some((option) => option.value === current)) {
    options.push({ value: current, label: `${current} (not connected)` });
  }
  return (
    <SettingsSection title="Microphone">
      <SelectField
        label="Microphone"
        value={current ?? SYSTEM_DEFAULT}
        options={options}
        onChange={(value) => set('microphone', 'deviceId', value === SYSTEM_DEFAULT ? null : value)}
        error={errors['microphone.deviceId']}
        help={error ?? undefined}
        testId="setting-microphone"
      />
      <SettingSwitch
        group="microphone"
        field="preRollArmed"
        label="Keep the microphone ready"
        help="Keeps the last half second before you press the key, so your first word is never cut off."
      />
    </SettingsSection>
  );
}
