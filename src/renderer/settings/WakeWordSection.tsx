import { phraseFromModelFile } from '../../shared/wake-phrase.js';
import { useWakeModelsStore, useWakeModelsSync } from '../models/wake-models-state.js';
import { useAppStore } from '../store/app-store.js';
import { SelectField } from './fields/SelectField.js';
import { SettingSlider, SettingSwitch } from './fields/setting-fields.js';
import { useSettingsForm } from './settings-form.js';
import { SettingsSection } from './SettingsSection.js';
import { WakeImportField } from './WakeImportField.js';

const NONE = '';

/** Settings → Wake word: on/off, which installed phrase, how sure the detector must be, the quiet period. */
export function WakeWordSection() {
  const { draft, errors, set } = useSettingsForm();
  useWakeModelsSync();
  const manageable = useAppStore((state) => state.features.wakeModels === true);
  const status = useWakeModelsStore((state) => state.status);
  const wake = draft.wakeWord;
  const installed = status?.phrases.filter((p) => p.installed) ?? [];
  const options = [
    { value: NONE, label: installed.length ? 'None chosen' : 'None installed yet' },
    ...installed.map((p) => ({
      value: p.path,
      label: `${p.phrase}${p.source === 'imported' ? ' (your own model)' : ''}`,
    })),
  ];
  if (wake.phraseModel && !installed.some((p) => p.path === wake.phraseModel)) {
    options.push({
      value: wake.phraseModel,
      label: `${phraseFromModelFile(wake.phraseModel)} (not installed)`,
    });
  }
  const phrase = wake.phraseModel ? phraseFromModelFile(wake.phraseModel) : null;
  return (
    <SettingsSection title="Wake word">
      <SettingSwitch
        group="wakeWord"
        field="enabled"
        label={
          phrase ? `Start dictating when I say “${phrase}”` : 'Start dictating when I say the wake phrase'
        }
        help="Always-on listening: while this is on, the microphone stays open and every sound is checked for the phrase on this computer only; nothing is recorded or sent anywhere. The tray icon shows that the microphone is on."
        testId="setting-wake-enabled"
      />
      <SelectField
        label="Wake phrase"
        value={wake.phraseModel}
        options={options}
        onChange={(value) => set('wakeWord', 'phraseModel', value)}
        error={
          errors['wakeWord.phraseModel'] ??
          (wake.enabled && !wake.phraseModel ? 'Choose a phrase' : undefined)
        }
        help={
          manageable
            ? 'Download openWakeWord phrases in Models → Wake phrases, or import your own .onnx model below.'
            : 'The wake phrase model (.onnx) the app uses.'
        }
        testId="setting-wake-phrase"
      />
      <SettingSlider
        group="wakeWord"
        field="threshold"
        heading={(value) => `Sensitivity threshold: ${value.toFixed(2)}`}
        min={0.05}
        max={0.99}
        step={0.01}
        marks={[{ value: 0.5 }]}
        round={(value) => Math.round(value * 100) / 100}
        help="How sure the detector must be before it starts a dictation (default 0.5, the mark). Higher means fewer false triggers, but a phrase said quietly or far away may be missed; lower reacts more readily."
        testId="setting-wake-threshold"
      />
      <SettingSlider
        group="wakeWord"
        field="refractoryMs"
        heading={(ms) => `Quiet period after a detection: ${(ms / 1000).toFixed(1)} s`}
        min={0}
        max={10_000}
        step={250}
        valueLabel={(ms) => `${(ms / 1000).toFixed(2)} s`}
        help="The phrase is ignored for this long after it was heard, so one utterance never starts two dictations (default 2 s)."
        testId="setting-wake-refractory"
      />
      {manageable ? <WakeImportField onImported={(path) => set('wakeWord', 'phraseModel', path)} /> : null}
    </SettingsSection>
  );
}
