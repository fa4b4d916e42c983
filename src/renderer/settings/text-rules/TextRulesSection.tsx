import Divider from '@mui/material/Divider';
import { COMMAND_LANGUAGES } from '../../../shared/text-shaping/index.js';
import { SettingNumber, SettingSelect, SettingSwitch } from '../fields/setting-fields.js';
import { languageOptions } from '../languages.js';
import { useSettingsForm } from '../settings-form.js';
import { SettingsSection } from '../SettingsSection.js';
import { ProfilesEditor } from './ProfilesEditor.js';
import { ReplacementsEditor } from './ReplacementsEditor.js';
import { RulesTransfer } from './RulesTransfer.js';
import { ShapePreview } from './ShapePreview.js';
import { WordListEditor } from './WordListEditor.js';

/** What happens to the words between recognition and the app: the text rules and per-app profiles. */
export function TextRulesSection() {
  const language = useSettingsForm().draft.text.language;
  return (
    <SettingsSection title="Text rules">
      <ShapePreview />
      <Divider />
      <WordListEditor
        field="words"
        title="Words to expect"
        help="Names, terms and spellings you use. Whisper is told to expect them, and a word that sounds close to one is spelled as listed (the only way for models that take no hints)."
        addLabel="Add a word"
        testId="text-words"
      />
      <SettingSwitch
        group="text"
        field="commands"
        label={`Spoken commands (${COMMAND_LANGUAGES.join(', ')}): "comma", "new line", "scratch that"...`}
        help="Off: those words are typed as words."
        testId="setting-text-commands"
      />
      <SettingSwitch
        group="text"
        field="fillers"
        label="Remove filler words (um, uh, er, hmm...)"
        testId="setting-text-fillers"
      />
      <SettingSwitch
        group="text"
        field="vocabulary"
        label="Spell words that sound like a listed word as listed"
        testId="setting-text-vocabulary"
      />
      <SettingNumber
        group="text"
        field="wordsTolerance"
        label="How close a word must sound (0 strict, 0.5 loose)"
        testId="setting-text-tolerance"
      />
      <SettingSwitch
        group="text"
        field="replace"
        label="Apply the replacements"
        testId="setting-text-replace"
      />
      <SettingSwitch
        group="text"
        field="spacing"
        label="Fit spaces and capitals to the text already there (within a dictation, and the next one into the same window)"
        testId="setting-text-spacing"
      />
      <SettingSelect
        group="text"
        field="language"
        label="Language of the commands and filler words"
        options={languageOptions(language).map((option) =>
          option.value === 'auto' ? { value: 'auto', label: 'The language recognised' } : option,
        )}
        testId="setting-text-language"
      />
      <Divider />
      <ReplacementsEditor />
      <Divider />
      <WordListEditor
        field="extraFillers"
        title="Your own filler words"
        help='Words or phrases removed like "um" ("you know", "like").'
        addLabel="Add a filler word"
        testId="text-fillers"
      />
      <Divider />
      <ProfilesEditor />
      <Divider />
      <RulesTransfer />
    </SettingsSection>
  );
}
