import { describe, expect, it } from 'vitest';
import { knownUse } from '../../src/shared/hotkeys/known-shortcuts.js';
import { parseAccelerator } from '../../src/shared/hotkeys/accelerator.js';
import { parseKeyCombo } from '../../src/shared/hotkeys/key-combo.js';
import { loneModifier, recordedShortcut, type PressedKey } from '../../src/shared/hotkeys/record-keys.js';

const press = (code: string, mods: Partial<PressedKey> = {}): PressedKey => ({
  code,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...mods,
});

describe('a key press recorded as a shortcut', () => {
  it('writes Electron accelerators the settings accept', () => {
    const cases: [PressedKey, string][] = [
      [press('Space', { ctrlKey: true, shiftKey: true }), 'CommandOrControl+Shift+Space'],
      [press('KeyD', { ctrlKey: true, altKey: true }), 'CommandOrControl+Alt+D'],
      [press('F9'), 'F9'],
      [press('Digit5', { altKey: true }), 'Alt+5'],
      [press('Enter', { ctrlKey: true }), 'CommandOrControl+Return'],
      [press('Slash', { ctrlKey: true }), 'CommandOrControl+/'],
      [press('Numpad3', { altKey: true }), 'Alt+num3'],
      [press('KeyV', { metaKey: true, shiftKey: true }), 'Shift+Super+V'],
    ];
    for (const [key, expected] of cases) {
      expect(recordedShortcut(key, 'accelerator')).toBe(expected);
      expect(parseAccelerator(expected).ok).toBe(true);
    }
    // On a Mac, Cmd is CommandOrControl and Ctrl is Control.
    expect(recordedShortcut(press('KeyD', { metaKey: true, ctrlKey: true }), 'accelerator', true)).toBe(
      'CommandOrControl+Control+D',
    );
  });

  it('writes key combinations for the hold-to-talk and cancel keys, a lone modifier included', () => {
    expect(recordedShortcut(press('KeyD', { ctrlKey: true, altKey: true }), 'combo')).toBe('Ctrl+Alt+D');
    expect(recordedShortcut(press('Escape'), 'combo')).toBe('Escape');
    expect(recordedShortcut(press('Pause'), 'combo')).toBe('Pause');
    expect(recordedShortcut(press('ControlRight', { ctrlKey: true }), 'combo')).toBeNull();
    expect(loneModifier('ControlRight')).toBe('RightCtrl');
    expect(loneModifier('AltLeft')).toBe('LeftAlt');
    expect(loneModifier('KeyA')).toBeNull();
    for (const combo of ['Ctrl+Alt+D', 'RightCtrl', 'Pause', 'F8'])
      expect(parseKeyCombo(combo, 'hold').ok).toBe(true);
    expect(parseKeyCombo('Escape', 'cancel').ok).toBe(true);
  });

  it('names what a combination already does elsewhere', () => {
    expect(knownUse('CommandOrControl+V', 'accelerator')).toBe('Paste');
    expect(knownUse('Control+Shift+T', 'accelerator')).toBe('Reopen closed tab');
    expect(knownUse('Alt+Tab', 'accelerator')).toBe('Switch windows');
    expect(knownUse('Super+L', 'accelerator')).toBe('Lock the screen');
    expect(knownUse('CommandOrControl+Shift+Space', 'accelerator')).toBeNull();
    expect(knownUse('Ctrl+C', 'hold')).toBe('Copy');
    expect(knownUse('RightCtrl', 'hold')).toBeNull();
    expect(knownUse('', 'accelerator')).toBeNull();
  });
});
