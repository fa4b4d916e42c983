/**
 * Physical keys by name, with the scan-code style key codes the keyboard hook (libuiohook, through
 * uiohook-napi) reports. Kept here as plain numbers so the settings UI can validate a hotkey without
 * loading the native hook.
 */
export const MODIFIERS = ['Ctrl', 'Alt', 'Shift', 'Meta'] as const;
export type Modifier = (typeof MODIFIERS)[number];

export interface KeyInfo {
  /** Canonical name, as written in settings. */
  name: string;
  code: number;
  /** Set for the modifier keys themselves (Left/Right Ctrl, Alt, Shift, Meta). */
  modifier?: Modifier;
  /** Keys people type text with: a hotkey made of one of these alone would fire while typing. */
  typing?: boolean;
}

const keys: KeyInfo[] = [];
const add = (name: string, code: number, extra: Partial<KeyInfo> = {}) => keys.push({ name, code, ...extra });

// prettier-ignore
const letterCodes: Record<string, number> = {
  A: 30, B: 48, C: 46, D: 32, E: 18, F: 33, G: 34, H: 35, I: 23, J: 36, K: 37, L: 38, M: 50,
  N: 49, O: 24, P: 25, Q: 16, R: 19, S: 31, T: 20, U: 22, V: 47, W: 17, X: 45, Y: 21, Z: 44,
};
for (const [letter, code] of Object.entries(letterCodes)) add(letter, code, { typing: true });
['1', '2', '3', '4', '5', '6', '7', '8', '9'].forEach((digit, i) => add(digit, 2 + i, { typing: true }));
add('0', 11, { typing: true });

const functionKeyCodes = [
  59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 87, 88, 91, 92, 93, 99, 100, 101, 102, 103, 104, 105, 106, 107,
];
functionKeyCodes.forEach((code, i) => add(`F${i + 1}`, code));

// prettier-ignore
const typingKeys: Array<[string, number]> = [
  ['Space', 57], ['Enter', 28], ['Tab', 15], ['Backspace', 14],
  ['Minus', 12], ['Equal', 13], ['BracketLeft', 26], ['BracketRight', 27], ['Backslash', 43],
  ['Semicolon', 39], ['Quote', 40], ['Backquote', 41], ['Comma', 51], ['Period', 52], ['Slash', 53],
  ['Up', 0xe048], ['Down', 0xe050], ['Left', 0xe04b], ['Right', 0xe04d],
  ['Home', 0x0e47], ['End', 0x0e4f], ['PageUp', 0x0e49], ['PageDown', 0x0e51], ['Delete', 0x0e53],
  ['Numpad0', 82], ['Numpad1', 79], ['Numpad2', 80], ['Numpad3', 81], ['Numpad4', 75],
  ['Numpad5', 76], ['Numpad6', 77], ['Numpad7', 71], ['Numpad8', 72], ['Numpad9', 73],
  ['NumpadMultiply', 55], ['NumpadAdd', 78], ['NumpadSubtract', 74], ['NumpadDecimal', 83],
  ['NumpadDivide', 0x0e35], ['NumpadEnter', 0x0e1c],
];
for (const [name, code] of typingKeys) add(name, code, { typing: true });

add('Escape', 1);
add('Insert', 0x0e52);
add('CapsLock', 58);
add('NumLock', 69);
add('ScrollLock', 70);
add('PrintScreen', 0x0e37);
add('Pause', 0x0e45);
add('ContextMenu', 0x0e5d);

add('LeftCtrl', 0x001d, { modifier: 'Ctrl' });
add('RightCtrl', 0x0e1d, { modifier: 'Ctrl' });
add('LeftAlt', 0x0038, { modifier: 'Alt' });
add('RightAlt', 0x0e38, { modifier: 'Alt' });
add('LeftShift', 0x002a, { modifier: 'Shift' });
add('RightShift', 0x0036, { modifier: 'Shift' });
add('LeftMeta', 0x0e5b, { modifier: 'Meta' });
add('RightMeta', 0x0e5c, { modifier: 'Meta' });

/** Other spellings people (and other apps) use, all lower case. */
const aliases: Record<string, string> = {
  esc: 'Escape',
  return: 'Enter',
  arrowup: 'Up',
  arrowdown: 'Down',
  arrowleft: 'Left',
  arrowright: 'Right',
  del: 'Delete',
  ins: 'Insert',
  menu: 'ContextMenu',
  apps: 'ContextMenu',
  printscr: 'PrintScreen',
  break: 'Pause',
  ctrl: 'LeftCtrl',
  control: 'LeftCtrl',
  alt: 'LeftAlt',
  option: 'LeftAlt',
  shift: 'LeftShift',
  meta: 'LeftMeta',
  super: 'LeftMeta',
  win: 'LeftMeta',
  cmd: 'LeftMeta',
  command: 'LeftMeta',
  altgr: 'RightAlt',
};
for (const side of ['Left', 'Right']) {
  const s = side.toLowerCase();
  const short = side[0]!.toLowerCase();
  for (const [word, canonical] of [
    ['ctrl', 'Ctrl'],
    ['control', 'Ctrl'],
    ['alt', 'Alt'],
    ['option', 'Alt'],
    ['shift', 'Shift'],
    ['meta', 'Meta'],
    ['super', 'Meta'],
    ['win', 'Meta'],
    ['cmd', 'Meta'],
    ['command', 'Meta'],
  ] as const) {
    const target = `${side}${canonical}`;
    aliases[`${s}${word}`] = target; // rightctrl
    aliases[`${word}${s}`] = target; // ctrlright
    aliases[`${short}${word}`] = target; // rctrl
  }
}

const byName = new Map(keys.map((key) => [key.name.toLowerCase(), key]));
const byCode = new Map(keys.map((key) => [key.code, key]));

/** The key a name stands for (case-insensitive, aliases allowed), or undefined. */
export function keyByName(name: string): KeyInfo | undefined {
  const lower = name.trim().toLowerCase();
  return byName.get(lower) ?? byName.get(aliases[lower]?.toLowerCase() ?? '');
}

export function keyByCode(code: number): KeyInfo | undefined {
  return byCode.get(code);
}

/** Matches a modifier word inside a combination ("Ctrl+Alt+F9"): either side of the keyboard. */
export function modifierByName(name: string): Modifier | undefined {
  switch (name.trim().toLowerCase()) {
    case 'ctrl':
    case 'control':
      return 'Ctrl';
    case 'alt':
    case 'option':
      return 'Alt';
    case 'shift':
      return 'Shift';
    case 'meta':
    case 'super':
    case 'win':
    case 'cmd':
    case 'command':
      return 'Meta';
    default:
      return undefined;
  }
}

export const ALL_KEYS: readonly KeyInfo[] = keys;
