import { SettingSelect } from './fields/setting-fields.js';
import { ShortcutField } from './fields/ShortcutField.js';
import { SettingsSection } from './SettingsSection.js';

const MODES = [
  { value: 'both', label: 'Hold to talk, or tap to start and stop' },
  { value: 'hold', label: 'Hold to talk' },
  { value: 'toggle', label: 'Press to start, press again to stop' },
] as const;

export function HotkeySection() {
  return (
    <SettingsSection title="Hotkeys">
      <SettingSelect group="hotkeys" field="mode" label="Mode" options={MODES} testId="setting-hotkey-mode" />
      <ShortcutField
        field="toggle"
        label="Start/stop shortcut"
        help="Click here and press the keys, e.g. Ctrl+Shift+Space"
        testId="setting-hotkey-toggle"
      />
      <ShortcutField
        field="hold"
        label="Hold-to-talk key"
        help="Click here and press the key held while speaking, e.g. Right Ctrl"
        testId="setting-hotkey-hold"
      />
      <ShortcutField
        field="cancel"
        label="Discard key"
        help="Throws the current recording away, e.g. Escape"
        testId="setting-hotkey-cancel"
      />
      <ShortcutField
        field="pasteLast"
        label="Paste the last dictation again"
        help="Not set: click here and press the keys to set one (also in the tray menu)"
        optional
        testId="setting-hotkey-paste-last"
      />
    </SettingsSection>
  );
}
