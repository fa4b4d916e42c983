import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import type { Profile } from '../../../shared/text-shaping/index.js';
import { RowTextField } from '../fields/RowTextField.js';
import { languageOptions } from '../languages.js';
import { ListEditor } from './ListEditor.js';
import { useTextRule } from './use-text-rule.js';

const USUAL = '';
const PASTE = [
  { value: USUAL, label: "The app's usual way" },
  { value: 'ctrl+v', label: 'Ctrl+V' },
  { value: 'ctrl+shift+v', label: 'Ctrl+Shift+V (terminals)' },
  { value: 'shift+insert', label: 'Shift+Insert' },
  { value: 'type', label: 'Type it' },
  { value: 'copy-only', label: 'Copy only' },
];
const AFTER = [
  { value: 'none', label: 'No key after' },
  { value: 'enter', label: 'Enter after' },
  { value: 'ctrl+enter', label: 'Ctrl+Enter after' },
];
const SWITCH = [
  { value: USUAL, label: 'As set above' },
  { value: 'on', label: 'On' },
  { value: 'off', label: 'Off' },
];

/** A profile field: "" (the default) drops it from the profile. */
function withField<K extends keyof Profile>(
  profile: Profile,
  key: K,
  value: Profile[K] | undefined,
): Profile {
  const next = { ...profile };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

const onOff = (value: boolean | undefined) => (value === undefined ? USUAL : value ? 'on' : 'off');
const fromOnOff = (value: string) => (value === USUAL ? undefined : value === 'on');

function Select(props: {
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
  error?: string | undefined;
}) {
  return (
    <TextField
      select
      size="small"
      label={props.label}
      value={props.value}
      onChange={(event) => props.onChange(event.target.value)}
      error={props.error !== undefined}
      helperText={props.error}
      sx={{ minWidth: 150 }}
      slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
    >
      {props.options.map((option) => (
        <MenuItem key={option.value} value={option.value}>
          {option.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** Per-app profiles: how the text goes into one application, matched by its name when recording starts. */
export function ProfilesEditor() {
  const rule = useTextRule('profiles');
  return (
    <ListEditor<Profile>
      title="Per-app profiles"
      help='For one application (X11: its WM_CLASS such as "xterm" or "chromium"; Windows: the program, "code"; macOS: the bundle id, "com.apple.Terminal"; "*term*" matches any run of letters). On Wayland the app cannot be known: the settings above apply everywhere.'
      items={rule.value}
      onChange={rule.change}
      blank={() => ({ app: '' })}
      addLabel="Add a profile"
      itemName={(profile, index) => `profile ${profile.app ? `"${profile.app}"` : index + 1}`}
      testId="text-profiles"
      renderItem={(profile, update, index) => {
        const appError = rule.errorAt(index, 'app') ?? rule.errorAt(index);
        return (
          <>
            <RowTextField
              label="App"
              value={profile.app}
              onChange={(app) => update({ ...profile, app })}
              error={appError}
              sx={{ flex: 1, minWidth: 140 }}
            />
            <Select
              label="Paste"
              value={profile.paste ?? USUAL}
              options={PASTE}
              onChange={(value) =>
                update(withField(profile, 'paste', (value || undefined) as Profile['paste']))
              }
              error={rule.errorAt(index, 'paste')}
            />
            <Select
              label="Then"
              value={profile.after ?? 'none'}
              options={AFTER}
              onChange={(value) =>
                update(
                  withField(profile, 'after', value === 'none' ? undefined : (value as Profile['after'])),
                )
              }
            />
            <Select
              label="Language"
              value={profile.language ?? USUAL}
              options={[
                { value: USUAL, label: 'As set above' },
                ...languageOptions(profile.language ?? 'auto'),
              ]}
              onChange={(value) => update(withField(profile, 'language', value || undefined))}
            />
            <Select
              label="Text rules"
              value={onOff(profile.rules)}
              options={SWITCH}
              onChange={(value) => update(withField(profile, 'rules', fromOnOff(value)))}
            />
            <Select
              label="Space after"
              value={onOff(profile.trailingSpace)}
              options={SWITCH}
              onChange={(value) => update(withField(profile, 'trailingSpace', fromOnOff(value)))}
            />
            <WordsField
              words={profile.words ?? []}
              onChange={(words) => update(withField(profile, 'words', words.length ? words : undefined))}
              error={rule.errorUnder(index, 'words')}
            />
          </>
        );
      }}
    />
  );
}

/** The profile's own words, typed as "Kubernetes, Grafana"; read into the list when the field is left. */
function WordsField(props: {
  words: string[];
  onChange: (words: string[]) => void;
  error?: string | undefined;
}) {
  // While the field has focus it holds what is typed; otherwise it shows the profile's list.
  const [typed, setTyped] = useState<string | null>(null);
  const text = typed ?? props.words.join(', ');
  const commit = () => {
    if (typed === null) return;
    props.onChange(
      typed
        .split(',')
        .map((word) => word.trim())
        .filter(Boolean),
    );
    setTyped(null);
  };
  return (
    <RowTextField
      label="Extra words to expect"
      value={text}
      onChange={setTyped}
      onBlur={commit}
      error={props.error}
      sx={{ flex: 1, minWidth: 180 }}
    />
  );
}
