import { useModelsStore } from '../models/models-state.js';
import { useAppStore } from '../store/app-store.js';
import { SettingNumber, SettingSelect, SettingSwitch, SettingText } from './fields/setting-fields.js';
import { GpuFields } from './GpuFields.js';
import { languageOptions } from './languages.js';
import { capabilityHelp, chosenCapabilities } from './model-picker.js';
import { ModelPicker } from './ModelPicker.js';
import { useSettingsForm } from './settings-form.js';
import { SettingsSection } from './SettingsSection.js';

export function SpeechSection() {
  const speech = useSettingsForm().draft.speech;
  const hasModels = useAppStore((state) => state.features.models);
  const listed = useModelsStore((state) => state.loaded);
  const installed = useModelsStore((state) => state.installed);
  // What the chosen model cannot do is said where it is asked for, not silently ignored.
  const help = capabilityHelp(chosenCapabilities(installed, speech.model));
  return (
    <SettingsSection title="Speech recognition">
      {hasModels && listed ? (
        <ModelPicker installed={installed} />
      ) : (
        <SettingText
          group="speech"
          field="model"
          label="Model"
          help="A Whisper or Parakeet ggml model file in the models folder, e.g. ggml-base.en.bin"
          testId="setting-model"
        />
      )}
      <SettingSelect
        group="speech"
        field="language"
        label="Language"
        options={languageOptions(speech.language)}
        testId="setting-language"
        help={help.language}
      />
      <SettingSwitch
        group="speech"
        field="translate"
        label="Translate into English"
        testId="setting-translate"
        help={help.translate}
      />
      <SettingText
        group="speech"
        field="initialPrompt"
        label="Context for the model (optional)"
        help={
          help.prompt ??
          'A sentence about what you dictate, given to Whisper with the words to expect (Text rules)'
        }
        multiline
        testId="setting-initial-prompt"
      />
      <GpuFields />
      <SettingSwitch group="speech" field="livePartials" label="Show words while I speak" />
      <SettingSwitch
        group="speech"
        field="finishWhileSpeaking"
        label="Finish text while I speak"
        help="Each pause finishes the words before it, so the text is ready soon after you let go of the key"
        testId="setting-finish-while-speaking"
      />
      <SettingNumber
        group="speech"
        field="commitPauseMs"
        label="Pause that finishes the words before it"
        help="150 to 5000 milliseconds"
        endText="ms"
        disabled={!speech.finishWhileSpeaking}
        testId="setting-commit-pause-ms"
      />
    </SettingsSection>
  );
}
