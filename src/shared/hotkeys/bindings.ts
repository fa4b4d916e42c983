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
  /** Electron accelerator that pastes the last dictation again; '' or absent: unbound. */
  pasteLast?: string;
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
  if (bindings.pasteLast) problems.push(...pasteLastProblems(bindings, toggle, hold, cancel));
  return problems;
}

function pasteLastProblems(
  bindings: HotkeyBindings,
  toggle: ReturnType<typeof parseAccelerator>,
  hold: ReturnType<typeof parseKeyCombo>,
  cancel: ReturnType<typeof parseKeyCombo>,
): string[] {
  const pasteLast = parseAccelerator(bindings.pasteLast ?? '');
  if (!pasteLast.ok) return [`Paste-again shortcut: ${pasteLast.error}`];
  const text = pasteLast.value.text;
  if (bindings.mode !== 'hold' && toggle.ok && toggle.value.text === text) {
    return [`The paste-again shortcut and the toggle shortcut are both ${text}.`];
  }
  if (bindings.mode !== 'toggle' && hold.ok && acceleratorMatches(pasteLast.value, hold.value)) {
    return [`The paste-again shortcut ${text} is also the hold-to-talk key.`];
  }
  if (cancel.ok && acceleratorMatches(pasteLast.value, cancel.value)) {
    return [`The paste-again shortcut ${text} is also the cancel key.`];
  }
  return [];
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
