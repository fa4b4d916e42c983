import TextField from '@mui/material/TextField';
import { useState, type KeyboardEvent } from 'react';
import { knownUse } from '../../../shared/hotkeys/known-shortcuts.js';
import { isModifierCode, loneModifier, recordedShortcut } from '../../../shared/hotkeys/record-keys.js';
import type { HotkeySettings } from '../../../shared/settings.js';
import { formatAccelerator } from '../../common/format-accelerator.js';
import { useSetting } from '../settings-form.js';

type ShortcutSetting = Exclude<keyof HotkeySettings, 'mode'>;

const KIND: Record<ShortcutSetting, 'accelerator' | 'hold' | 'cancel'> = {
  toggle: 'accelerator',
  pasteLast: 'accelerator',
  hold: 'hold',
  cancel: 'cancel',
};

const MAC = typeof navigator !== 'undefined' && /mac/i.test(navigator.platform);

export interface ShortcutFieldProps {
  field: ShortcutSetting;
  label: string;
  help: string;
  /** Backspace or Delete clears it (unbound). */
  optional?: boolean;
  testId?: string;
}

/**
 * A hotkey field that records the keys pressed in it (typing an accelerator by hand still works), and
 * warns when the combination is one other apps already use. A modifier pressed and released alone
 * (RightCtrl) counts for the hold-to-talk and cancel keys.
 */
export function ShortcutField({ field, label, help, optional = false, testId }: ShortcutFieldProps) {
  const setting = useSetting('hotkeys', field);
  const [focused, setFocused] = useState(false);
  const [alone, setAlone] = useState<string | null>(null);
  const kind = KIND[field];
  const value = setting.value as string;

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const { code, ctrlKey, altKey, shiftKey, metaKey } = event;
    const noModifiers = !ctrlKey && !altKey && !shiftKey && !metaKey;
    if (code === 'Tab' && (noModifiers || (shiftKey && !ctrlKey && !altKey && !metaKey))) return;
    event.preventDefault();
    if (optional && noModifiers && (code === 'Backspace' || code === 'Delete')) {
      setting.change('');
      return;
    }
    if (isModifierCode(code)) {
      setAlone(kind === 'accelerator' ? null : loneModifier(code));
      return;
    }
    setAlone(null);
    const shortcut = recordedShortcut(
      { code, ctrlKey, altKey, shiftKey, metaKey },
      kind === 'accelerator' ? 'accelerator' : 'combo',
      MAC,
    );
    if (shortcut) setting.change(shortcut);
  };

  const onKeyUp = (event: KeyboardEvent<HTMLInputElement>) => {
    if (alone && loneModifier(event.code) === alone) setting.change(alone);
    setAlone(null);
  };

  const uses = kind === 'cancel' ? null : knownUse(value, kind);
  const warning = uses
    ? kind === 'accelerator'
      ? `${formatAccelerator(value)} is already "${uses}" in most apps: Dictation would take it from them.`
      : `${value} is "${uses}" in most apps: using it would also start dictation.`
    : undefined;
  const recordingHint = optional ? 'Press the keys to use (Backspace clears it).' : 'Press the keys to use.';
  return (
    <TextField
      label={label}
      value={value}
      placeholder={optional ? 'Not set' : undefined}
      onChange={(event) => setting.change(event.target.value)}
      onKeyDown={onKeyDown}
      onKeyUp={onKeyUp}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
      error={setting.error !== undefined}
      helperText={setting.error ?? warning ?? (focused ? recordingHint : help)}
      fullWidth
      slotProps={{
        htmlInput: { ...(testId ? { 'data-testid': testId } : {}), spellCheck: false, autoComplete: 'off' },
        formHelperText: warning && !setting.error ? { sx: { color: 'warning.main' } } : {},
      }}
    />
  );
}
