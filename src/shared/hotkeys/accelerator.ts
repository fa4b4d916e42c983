import type { ParseResult } from './key-combo.js';

/**
 * Electron accelerators (the toggle shortcut goes to globalShortcut.register), checked before Electron
 * sees them so a bad one is explained instead of silently not registering.
 * Grammar: https://www.electronjs.org/docs/latest/api/accelerator
 */
export interface Accelerator {
  /** Canonical spelling, e.g. "CommandOrControl+Shift+Space". */
  text: string;
  modifiers: AcceleratorModifier[];
  /** Canonical key name, e.g. "Space", "A", "F9". */
  key: string;
}

const MODIFIER_ORDER = ['CommandOrControl', 'Command', 'Control', 'Alt', 'AltGr', 'Shift', 'Super'] as const;
export type AcceleratorModifier = (typeof MODIFIER_ORDER)[number];

const modifierAliases: Record<string, AcceleratorModifier> = {
  commandorcontrol: 'CommandOrControl',
  cmdorctrl: 'CommandOrControl',
  command: 'Command',
  cmd: 'Command',
  control: 'Control',
  ctrl: 'Control',
  alt: 'Alt',
  option: 'Alt',
  altgr: 'AltGr',
  shift: 'Shift',
  super: 'Super',
  meta: 'Super',
};

// prettier-ignore
const namedKeys = [
  'Plus', 'Space', 'Tab', 'Capslock', 'Numlock', 'Scrolllock', 'Backspace', 'Delete', 'Insert', 'Return',
  'Up', 'Down', 'Left', 'Right', 'Home', 'End', 'PageUp', 'PageDown', 'Escape', 'PrintScreen',
  'VolumeUp', 'VolumeDown', 'VolumeMute', 'MediaNextTrack', 'MediaPreviousTrack', 'MediaStop',
  'MediaPlayPause', 'num0', 'num1', 'num2', 'num3', 'num4', 'num5', 'num6', 'num7', 'num8', 'num9',
  'numdec', 'numadd', 'numsub', 'nummult', 'numdiv',
];
const keyAliases: Record<string, string> = { enter: 'Return', esc: 'Escape' };
for (const name of namedKeys) keyAliases[name.toLowerCase()] = name;
for (let i = 1; i <= 24; i++) keyAliases[`f${i}`] = `F${i}`;

const PUNCTUATION = ')!@#$%^&*(:;=<,_->.?/~`{}[]|\\"\'';

/** Keys that type nothing and are rarely part of other apps' shortcuts: fine without a modifier. */
function standsAlone(key: string): boolean {
  return /^F\d+$/.test(key) || key.startsWith('Media') || key.startsWith('Volume');
}

export function parseAccelerator(text: string): ParseResult<Accelerator> {
  const tokens = text.split('+').map((token) => token.trim());
  if (tokens.length === 1 && tokens[0] === '')
    return fail('Choose a shortcut, like CommandOrControl+Shift+Space.');
  if (tokens.some((token) => token === '')) {
    return fail(`"${text}" has an empty part: join keys with "+" and write the plus key itself as "Plus".`);
  }
  const keyToken = tokens.at(-1)!;
  const key = acceleratorKey(keyToken);
  if (!key) {
    if (modifierAliases[keyToken.toLowerCase()]) {
      return fail(`"${text}" has no key after its modifiers: add one, like ${text}+Space.`);
    }
    return fail(
      `"${keyToken}" is not a key Electron shortcuts know (examples: A, 5, F9, Space, Return, Plus).`,
    );
  }
  const modifiers: AcceleratorModifier[] = [];
  for (const token of tokens.slice(0, -1)) {
    const modifier = modifierAliases[token.toLowerCase()];
    if (!modifier) {
      const asKey = acceleratorKey(token);
      return fail(
        asKey
          ? `A shortcut has one key, after its modifiers: "${text}" has more than one.`
          : `"${token}" is not a modifier: use CommandOrControl, Control, Alt, Shift or Super.`,
      );
    }
    if (modifiers.includes(modifier)) return fail(`${modifier} appears twice in "${text}".`);
    modifiers.push(modifier);
  }
  modifiers.sort((a, b) => MODIFIER_ORDER.indexOf(a) - MODIFIER_ORDER.indexOf(b));
  const onlyShift = modifiers.every((modifier) => modifier === 'Shift');
  if (onlyShift && !standsAlone(key)) {
    const example = `CommandOrControl+Shift+${key}`;
    return fail(
      `${[...modifiers, key].join('+')} would take that key away from every other app while Dictation runs: add CommandOrControl or Alt (${example}).`,
    );
  }
  return { ok: true, value: { text: [...modifiers, key].join('+'), modifiers, key } };
}

function acceleratorKey(token: string): string | undefined {
  if (token.length === 1) {
    if (/^[a-z0-9]$/i.test(token)) return token.toUpperCase();
    return PUNCTUATION.includes(token) ? token : undefined;
  }
  return keyAliases[token.toLowerCase()];
}

function fail(error: string): ParseResult<never> {
  return { ok: false, error };
}
