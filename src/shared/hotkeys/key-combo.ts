import { keyByName, modifierByName, MODIFIERS, type KeyInfo, type Modifier } from './keys.js';

/** A physical key plus the modifiers that must be held with it, e.g. Ctrl+Alt+F9 or RightCtrl alone. */
export interface KeyCombo {
  key: KeyInfo;
  /** In MODIFIERS order, no duplicates. */
  modifiers: Modifier[];
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** What the key is for: held to talk, or pressed to throw a recording away. */
export type KeyRole = 'hold' | 'cancel';

const roleName: Record<KeyRole, string> = { hold: 'hold-to-talk key', cancel: 'cancel key' };

/**
 * Reads a key combination as written in settings ("RightCtrl", "Ctrl+Alt+D", "F9", "Esc"), case-insensitive.
 * Rejects, with a sentence saying why and what to pick instead, combinations that cannot work or would
 * fire while the user types.
 */
export function parseKeyCombo(text: string, role: KeyRole): ParseResult<KeyCombo> {
  const what = roleName[role];
  const tokens = text.split('+').map((token) => token.trim());
  if (tokens.length === 1 && tokens[0] === '') return fail(`Choose a ${what}.`);
  if (tokens.some((token) => token === '')) {
    return fail(`"${text}" has an empty part: write keys joined by "+", like Ctrl+Alt+D.`);
  }
  const keyName = tokens.at(-1)!;
  const key = keyByName(keyName);
  if (!key) {
    return fail(
      `"${keyName}" is not a key name this app knows (examples: RightCtrl, F9, Ctrl+Alt+D, Pause).`,
    );
  }
  const modifiers: Modifier[] = [];
  for (const token of tokens.slice(0, -1)) {
    const modifier = modifierByName(token);
    if (!modifier) return fail(`"${token}" is not a modifier: use Ctrl, Alt, Shift or Meta before the key.`);
    if (modifiers.includes(modifier)) return fail(`${modifier} appears twice in "${text}".`);
    if (modifier === key.modifier) return fail(`${key.name} is itself a ${modifier} key: drop "${token}+".`);
    modifiers.push(modifier);
  }
  modifiers.sort((a, b) => MODIFIERS.indexOf(a) - MODIFIERS.indexOf(b));
  const combo = { key, modifiers };
  const problem = role === 'hold' ? holdKeyProblem(combo) : cancelKeyProblem(combo);
  return problem ? fail(problem) : { ok: true, value: combo };
}

function holdKeyProblem({ key, modifiers }: KeyCombo): string | undefined {
  if (key.name === 'Escape' && modifiers.length === 0) {
    return 'Escape cancels recordings and closes dialogs in other apps: choose another hold-to-talk key.';
  }
  if (key.modifier === 'Shift' && modifiers.length === 0) {
    return 'Shift is held for every capital letter: choose another hold-to-talk key, like RightCtrl or F9.';
  }
  const onlyShift = modifiers.every((modifier) => modifier === 'Shift');
  if (key.typing && onlyShift) {
    const example = `Ctrl+Alt+${key.name}`;
    return `Holding ${formatKeyCombo({ key, modifiers })} would start dictation whenever you type it: add a modifier (${example}) or pick a key you do not type with, like RightCtrl or F9.`;
  }
  return undefined;
}

function cancelKeyProblem({ key, modifiers }: KeyCombo): string | undefined {
  if (modifiers.length > 0) return undefined;
  if (key.modifier) {
    return `${key.name} alone cannot be the cancel key: it is part of other shortcuts. Escape is the usual choice.`;
  }
  if (key.typing && key.name !== 'Backspace' && key.name !== 'Delete') {
    return `${key.name} alone cannot be the cancel key: it types text. Escape is the usual choice.`;
  }
  return undefined;
}

/** The canonical spelling, e.g. "Ctrl+Alt+F9", that parses back to the same combination. */
export function formatKeyCombo({ key, modifiers }: KeyCombo): string {
  return [...modifiers, key.name].join('+');
}

function fail(error: string): ParseResult<never> {
  return { ok: false, error };
}
