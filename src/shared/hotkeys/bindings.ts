import { parseAccelerator, type Accelerator } from './accelerator.js';
import { formatKeyCombo, parseKeyCombo, type KeyCombo } from './key-combo.js';
import { keyByName, type Modifier } from './keys.js';

export type HotkeyMode = 'hold' | 'toggle' | 'both';

/** The user's hotkeys as written in settings. */
export interface HotkeyBindings {
  mode: HotkeyMode;
  /** Electron accelerator that starts and stops a recording. */
  toggle: string;
  /** Key held for push-to-talk (tapped to toggle in mode "both"). */
  hold: string;
  /** Key that throws the current recording away. */
  cancel: string;
}

/** One problem per sentence; empty when the bindings can all work together. */
export function hotkeyBindingProblems(bindings: HotkeyBindings): string[] {
  const problems: string[] = [];
  const toggle = parseAccelerator(bindings.toggle);
  const hold = parseKeyCombo(bindings.hold, 'hold');
  const cancel = parseKeyCombo(bindings.cancel, 'cancel');
  if (!toggle.ok) problems.push(`Toggle shortcut: ${toggle.error}`);
  if (!hold.ok) problems.push(`Hold-to-talk key: ${hold.error}`);
  if (!cancel.ok) problems.push(`Cancel key: ${cancel.error}`);
  const usesHold = bindings.mode !== 'toggle';
  const usesToggle = bindings.mode !== 'hold';
  if (usesHold && hold.ok && cancel.ok && sameCombo(hold.value, cancel.value)) {
    problems.push(`The hold-to-talk key and the cancel key are both ${formatKeyCombo(hold.value)}.`);
  }
  if (usesToggle && toggle.ok && cancel.ok && acceleratorMatches(toggle.value, cancel.value)) {
    problems.push(`The toggle shortcut and the cancel key are both ${toggle.value.text}.`);
  }
  if (usesHold && usesToggle && toggle.ok && hold.ok && acceleratorMatches(toggle.value, hold.value)) {
    problems.push(
      `The toggle shortcut ${toggle.value.text} is also the hold-to-talk key: choose different keys.`,
    );
  }
  return problems;
}

function sameCombo(a: KeyCombo, b: KeyCombo): boolean {
  return a.key.code === b.key.code && a.modifiers.join('+') === b.modifiers.join('+');
}

/** True when pressing the accelerator could also press the combination (CommandOrControl is Ctrl or Meta). */
function acceleratorMatches(accelerator: Accelerator, combo: KeyCombo): boolean {
  if (keyByName(accelerator.key)?.code !== combo.key.code) return false;
  if (accelerator.modifiers.length !== combo.modifiers.length) return false;
  return accelerator.modifiers.every((modifier) =>
    acceleratorModifierMeans[modifier].some((meaning) => combo.modifiers.includes(meaning)),
  );
}

const acceleratorModifierMeans: Record<Accelerator['modifiers'][number], Modifier[]> = {
  CommandOrControl: ['Ctrl', 'Meta'],
  Command: ['Meta'],
  Control: ['Ctrl'],
  Alt: ['Alt'],
  AltGr: ['Alt'],
  Shift: ['Shift'],
  Super: ['Meta'],
};
