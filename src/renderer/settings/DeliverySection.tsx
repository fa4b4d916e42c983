import { SettingSelect, SettingSwitch } from './fields/setting-fields.js';
import { SettingsSection } from './SettingsSection.js';

const METHODS = [
  { value: 'paste', label: 'Paste into the focused app (your clipboard is restored)' },
  { value: 'type', label: 'Type it key by key' },
  { value: 'copy', label: 'Only copy it to the clipboard' },
] as const;

export function DeliverySection() {
  return (
    <SettingsSection title="Text delivery">
      <SettingSelect
        group="delivery"
        field="method"
        label="How the text arrives"
        options={METHODS}
        testId="setting-delivery-method"
      />
      <SettingSwitch
        group="delivery"
        field="trailingSpace"
        label="Add a space after the text"
        testId="setting-trailing-space"
      />
      <SettingSwitch
        group="delivery"
        field="onlyStartWindow"
        label="Only into the window I started in"
        help="If another window has focus when the text is ready, it is left on the clipboard instead. Per-app paste keys are in Text rules > Per-app profiles."
        testId="setting-only-start-window"
      />
    </SettingsSection>
  );
}
