import { SwitchField } from './fields/SwitchField.js';
import { TextSettingField } from './fields/TextSettingField.js';
import type { SectionProps } from './section-props.js';
import { SettingsSection } from './SettingsSection.js';

export function AutoStopSection({ draft, errors, set }: SectionProps) {
  return (
    <SettingsSection title="Auto-stop">
      <SwitchField
        label="Stop recording when I stop speaking"
        checked={draft.vad.autoStop}
        onChange={(checked) => set('vad', 'autoStop', checked)}
        testId="setting-auto-stop"
      />
      <TextSettingField
        label="Silence before stopping"
        type="number"
        value={Number.isNaN(draft.vad.silenceMs) ? '' : String(draft.vad.silenceMs)}
        onChange={(value) => set('vad', 'silenceMs', value.trim() === '' ? Number.NaN : Number(value))}
        error={errors['vad.silenceMs']}
        help="200 to 10000 milliseconds"
        endText="ms"
        disabled={!draft.vad.autoStop}
        testId="setting-silence-ms"
      />
    </SettingsSection>
  );
}
