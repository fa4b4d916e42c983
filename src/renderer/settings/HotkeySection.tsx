import { SettingSelect, SettingText } from './fields/setting-fields.js';
import { SettingsSection } from './SettingsSection.js';

const MODES = [
  { value: 'both', label: 'Hold to talk, or tap to start and stop' },
  { value: 'hold', label: 'Hold to talk' },
  { value: 'toggle', label: 'Press to start, press again to stop' },
] as const;

const KEYS = [
  {
    field: 'toggle',
    label: 'Start/stop shortcut',
    help: 'Electron accelerator, e.g. CommandOrControl+Shift+Space',
  },
  {
    field: 'hold',
    label: 'Hold-to-talk key',
    help: 'A key or combination held while speaking, e.g. RightCtrl',
  },
  { field: 'cancel', label: 'Discard key', help: 'Throws the current recording away, e.g. Escape' },
] as const;

export function HotkeySection() {
  return (
    <SettingsSection title="Hotkeys">
      <SettingSelect group="hotkeys" field="mode" label="Mode" options={MODES} testId="setting-hotkey-mode" />
      {KEYS.map((key) => (
        <SettingText
          key={key.field}
          group="hotkeys"
          field={key.field}
          label={key.label}
          help={key.help}
          testId={`setting-hotkey-${key.field}`}
        />
      ))}
    </SettingsSection>
  );
}
