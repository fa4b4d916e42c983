import type { HotkeyMode } from '../../shared/settings.js';
import { SelectField } from './fields/SelectField.js';
import { TextSettingField } from './fields/TextSettingField.js';
import type { SectionProps } from './section-props.js';
import { SettingsSection } from './SettingsSection.js';

const MODES = [
  { value: 'both', label: 'Hold to talk, or tap to start and stop' },
  { value: 'hold', label: 'Hold to talk' },
  { value: 'toggle', label: 'Press to start, press again to stop' },
] as const;

export function HotkeySection({ draft, errors, set }: SectionProps) {
  const hotkeys = draft.hotkeys;
  return (
    <SettingsSection title="Hotkeys">
      <SelectField
        label="Mode"
        value={hotkeys.mode}
        options={MODES}
        onChange={(value) => set('hotkeys', 'mode', value as HotkeyMode)}
        error={errors['hotkeys.mode']}
        testId="setting-hotkey-mode"
      />
      <TextSettingField
        label="Start/stop shortcut"
        value={hotkeys.toggle}
        onChange={(value) => set('hotkeys', 'toggle', value)}
        error={errors['hotkeys.toggle']}
        help="Electron accelerator, e.g. CommandOrControl+Shift+Space"
        testId="setting-hotkey-toggle"
      />
      <TextSettingField
        label="Hold-to-talk key"
        value={hotkeys.hold}
        onChange={(value) => set('hotkeys', 'hold', value)}
        error={errors['hotkeys.hold']}
        help="A key or combination held while speaking, e.g. RightCtrl"
        testId="setting-hotkey-hold"
      />
      <TextSettingField
        label="Discard key"
        value={hotkeys.cancel}
        onChange={(value) => set('hotkeys', 'cancel', value)}
        error={errors['hotkeys.cancel']}
        help="Throws the current recording away, e.g. Escape"
        testId="setting-hotkey-cancel"
      />
    </SettingsSection>
  );
}
