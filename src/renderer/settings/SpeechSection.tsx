import { SettingNumber, SettingSelect, SettingSwitch, SettingText } from './fields/setting-fields.js';
import { GpuFields } from './GpuFields.js';
import { languageOptions } from './languages.js';
import { useSettingsForm } from './settings-form.js';
import { SettingsSection } from './SettingsSection.js';
import { useInstalledModels } from './use-installed-models.js';

export function SpeechSection() {
  const speech = useSettingsForm().draft.speech;
  const models = useInstalledModels();
  const modelOptions = models?.map((model) => ({ value: model.file, label: model.name })) ?? [];
  if (models && !modelOptions.some((option) => option.value === speech.model)) {
    modelOptions.push({ value: speech.model, label: `${speech.model} (not installed)` });
  }
  return (
    <SettingsSection title="Speech recognition">
      {models ? (
        <SettingSelect
          group="speech"
          field="model"
          label="Model"
          options={modelOptions}
          testId="setting-model"
        />
      ) : (
        <SettingText
          group="speech"
          field="model"
          label="Model"
          help="A whisper.cpp model file in the models folder, e.g. ggml-base.en.bin"
          testId="setting-model"
        />
      )}
      <SettingSelect
        group="speech"
        field="language"
        label="Language"
        options={languageOptions(speech.language)}
        testId="setting-language"
      />
      <SettingSwitch
        group="speech"
        field="translate"
        label="Translate into English"
        testId="setting-translate"
      />
      <SettingText
        group="speech"
        field="initialPrompt"
        label="Context for whisper (optional)"
        help="A sentence about what you dictate, given to whisper with the words to expect (Text rules)"
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
