import { parseAccelerator } from './accelerator.js';
import { parseKeyCombo, type KeyRole } from './key-combo.js';

/**
 * Combinations desktops and most applications already use: taking one as a global shortcut takes it
 * away from them (Electron's shortcuts win over the focused app). Warned about, not refused.
 * Written as "Ctrl+Shift+T" with Ctrl, Alt, Shift, Super (Cmd on a Mac is Super here).
 */
const KNOWN: Record<string, string> = {
  'Ctrl+C': 'Copy',
  'Ctrl+V': 'Paste',
  'Ctrl+X': 'Cut',
  'Ctrl+Z': 'Undo',
  'Ctrl+Y': 'Redo',
  'Ctrl+Shift+Z': 'Redo',
  'Ctrl+A': 'Select all',
  'Ctrl+S': 'Save',
  'Ctrl+F': 'Find',
  'Ctrl+P': 'Print',
  'Ctrl+N': 'New window',
  'Ctrl+T': 'New tab',
  'Ctrl+W': 'Close tab',
  'Ctrl+Q': 'Quit',
  'Ctrl+Shift+T': 'Reopen closed tab',
  'Ctrl+Shift+C': 'Copy in terminals',
  'Ctrl+Shift+V': 'Paste in terminals',
  'Ctrl+Tab': 'Next tab',
  'Ctrl+Alt+T': 'Open a terminal (Ubuntu, GNOME)',
  'Ctrl+Alt+L': 'Lock the screen (some desktops)',
  'Ctrl+Alt+Delete': 'The system menu',
  'Alt+Tab': 'Switch windows',
  'Alt+F4': 'Close window',
  'Alt+Space': 'Window menu / Spotlight-style launchers',
  'Super+L': 'Lock the screen',
  'Super+D': 'Show the desktop',
  'Super+Space': 'Switch the keyboard layout or Spotlight',
  'Shift+Insert': 'Paste in terminals',
};

const ORDER = ['Ctrl', 'Alt', 'Shift', 'Super'];

function normalise(modifiers: string[], key: string): string {
  const unique = [...new Set(modifiers)].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  return [...unique, key].join('+');
}

const ACCELERATOR_MODIFIER: Record<string, string> = {
  CommandOrControl: 'Ctrl',
  Control: 'Ctrl',
  Command: 'Super',
  Super: 'Super',
  Alt: 'Alt',
  AltGr: 'Alt',
  Shift: 'Shift',
};

/**
 * What the combination already does elsewhere ("Paste"), or null. `kind` says how it is written: an
 * accelerator (toggle, paste again: Electron takes those from every app) or a key combination (the
 * hold-to-talk key: the other app still gets it, and dictation starts too).
 */
export function knownUse(text: string, kind: 'accelerator' | KeyRole): string | null {
  if (!text) return null;
  if (kind === 'accelerator') {
    const parsed = parseAccelerator(text);
    if (!parsed.ok) return null;
    const key = parsed.value.key === 'Return' ? 'Enter' : parsed.value.key;
    const name = normalise(
      parsed.value.modifiers.map((m) => ACCELERATOR_MODIFIER[m] ?? m),
      key,
    );
    return KNOWN[name] ?? null;
  }
  const parsed = parseKeyCombo(text, kind);
  if (!parsed.ok) return null;
  const modifiers = parsed.value.modifiers.map((m) => (m === 'Meta' ? 'Super' : m));
  return KNOWN[normalise(modifiers, parsed.value.key.name)] ?? null;
}
