import { SelectField } from './fields/SelectField.js';
import { SwitchField } from './fields/SwitchField.js';
import { TextSettingField } from './fields/TextSettingField.js';
import { languageOptions } from './languages.js';
import type { SectionProps } from './section-props.js';
import { SettingsSection } from './SettingsSection.js';
import { useInstalledModels } from './use-installed-models.js';

export function SpeechSection({ draft, errors, set }: SectionProps) {
  const speech = draft.speech;
  const models = useInstalledModels();
  const modelOptions = models?.map((model) => ({ value: model.file, label: model.name })) ?? [];
  if (models && !modelOptions.some((option) => option.value === speech.model)) {
    modelOptions.push({ value: speech.model, label: `${speech.model} (not installed)` });
  }
  return (
    <SettingsSection title="Speech recognition">
      {models ? (
        <SelectField
          label="Model"
          value={speech.model}
          options={modelOptions}
          onChange={(value) => set('speech', 'model', value)}
          error={errors['speech.model']}
          testId="setting-model"
        />
      ) : (
        <TextSettingField
          label="Model"
          value={speech.model}
          onChange={(value) => set('speech', 'model', value)}
          error={errors['speech.model']}
          help="A whisper.cpp model file in the models folder, e.g. ggml-base.en.bin"
          testId="setting-model"
        />
      )}
      <SelectField
        label="Language"
        value={speech.language}
        options={languageOptions(speech.language)}
        onChange={(value) => set('speech', 'language', value)}
        error={errors['speech.language']}
        testId="setting-language"
      />
      <SwitchField
        label="Translate into English"
        checked={speech.translate}
        onChange={(checked) => set('speech', 'translate', checked)}
        testId="setting-translate"
      />
      <TextSettingField
        label="Words to expect"
        value={speech.initialPrompt}
        onChange={(value) => set('speech', 'initialPrompt', value)}
        error={errors['speech.initialPrompt']}
        help="Names, terms and spellings you use, e.g. Kubernetes, Grafana, Priya"
        multiline
        testId="setting-initial-prompt"
      />
      <SwitchField
        label="Show words while I speak"
        checked={speech.livePartials}
        onChange={(checked) => set('speech', 'livePartials', checked)}
      />
    </SettingsSection>
  );
}
