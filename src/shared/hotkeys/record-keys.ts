/**
 * A key press in the settings window, turned into what the settings store: an Electron accelerator
 * ("CommandOrControl+Shift+Space") for the shortcuts Electron registers, or a key combination
 * ("RightCtrl", "Ctrl+Alt+D") for the keys the keyboard hook watches. Pure, from KeyboardEvent fields.
 */
export interface PressedKey {
  /** KeyboardEvent.code: the physical key ("KeyD", "ControlRight", "F9"). */
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

export type ShortcutKind = 'accelerator' | 'combo';

const MODIFIER_CODES: Record<string, string> = {
  ControlLeft: 'LeftCtrl',
  ControlRight: 'RightCtrl',
  AltLeft: 'LeftAlt',
  AltRight: 'RightAlt',
  ShiftLeft: 'LeftShift',
  ShiftRight: 'RightShift',
  MetaLeft: 'LeftMeta',
  MetaRight: 'RightMeta',
  OSLeft: 'LeftMeta',
  OSRight: 'RightMeta',
};

/** code -> [accelerator key, combo key]. */
const NAMED: Record<string, [string, string]> = {
  Space: ['Space', 'Space'],
  Enter: ['Return', 'Enter'],
  NumpadEnter: ['Return', 'NumpadEnter'],
  Escape: ['Escape', 'Escape'],
  Tab: ['Tab', 'Tab'],
  Backspace: ['Backspace', 'Backspace'],
  Delete: ['Delete', 'Delete'],
  Insert: ['Insert', 'Insert'],
  Home: ['Home', 'Home'],
  End: ['End', 'End'],
  PageUp: ['PageUp', 'PageUp'],
  PageDown: ['PageDown', 'PageDown'],
  ArrowUp: ['Up', 'Up'],
  ArrowDown: ['Down', 'Down'],
  ArrowLeft: ['Left', 'Left'],
  ArrowRight: ['Right', 'Right'],
  Minus: ['-', 'Minus'],
  Equal: ['=', 'Equal'],
  BracketLeft: ['[', 'BracketLeft'],
  BracketRight: [']', 'BracketRight'],
  Backslash: ['\\', 'Backslash'],
  Semicolon: [';', 'Semicolon'],
  Quote: ["'", 'Quote'],
  Backquote: ['`', 'Backquote'],
  Comma: [',', 'Comma'],
  Period: ['.', 'Period'],
  Slash: ['/', 'Slash'],
  CapsLock: ['Capslock', 'CapsLock'],
  NumLock: ['Numlock', 'NumLock'],
  ScrollLock: ['Scrolllock', 'ScrollLock'],
  PrintScreen: ['PrintScreen', 'PrintScreen'],
  Pause: ['', 'Pause'],
  ContextMenu: ['', 'ContextMenu'],
  NumpadAdd: ['numadd', 'NumpadAdd'],
  NumpadSubtract: ['numsub', 'NumpadSubtract'],
  NumpadMultiply: ['nummult', 'NumpadMultiply'],
  NumpadDivide: ['numdiv', 'NumpadDivide'],
  NumpadDecimal: ['numdec', 'NumpadDecimal'],
};

/** The key's name in the given notation, or null for a key it cannot name. */
function keyName(code: string, kind: ShortcutKind): string | null {
  const letter = /^Key([A-Z])$/.exec(code)?.[1];
  if (letter) return letter;
  const digit = /^Digit(\d)$/.exec(code)?.[1];
  if (digit) return digit;
  if (/^F([1-9]|1\d|2[0-4])$/.test(code)) return code;
  const numpad = /^Numpad(\d)$/.exec(code)?.[1];
  if (numpad) return kind === 'accelerator' ? `num${numpad}` : code;
  const named = NAMED[code];
  if (!named) return null;
  const name = kind === 'accelerator' ? named[0] : named[1];
  return name || null;
}

export function isModifierCode(code: string): boolean {
  return code in MODIFIER_CODES;
}

/**
 * The shortcut for a key pressed with the modifiers held, or null for a key that cannot be one (a
 * modifier alone: see loneModifier). `mac`: Cmd is CommandOrControl there, and Ctrl is Control.
 */
export function recordedShortcut(press: PressedKey, kind: ShortcutKind, mac = false): string | null {
  if (isModifierCode(press.code)) return null;
  const key = keyName(press.code, kind);
  if (!key) return null;
  const parts: string[] = [];
  if (kind === 'accelerator') {
    if (mac ? press.metaKey : press.ctrlKey) parts.push('CommandOrControl');
    if (mac && press.ctrlKey) parts.push('Control');
    if (press.altKey) parts.push('Alt');
    if (press.shiftKey) parts.push('Shift');
    if (!mac && press.metaKey) parts.push('Super');
  } else {
    if (press.ctrlKey) parts.push('Ctrl');
    if (press.altKey) parts.push('Alt');
    if (press.shiftKey) parts.push('Shift');
    if (press.metaKey) parts.push('Meta');
  }
  return [...parts, key].join('+');
}

/** A modifier pressed and released alone: a hold-to-talk key such as RightCtrl (combos only). */
export function loneModifier(code: string): string | null {
  return MODIFIER_CODES[code] ?? null;
}
