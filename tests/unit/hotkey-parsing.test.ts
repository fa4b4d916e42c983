import { describe, expect, it } from 'vitest';
import { parseAccelerator } from '../../src/shared/hotkeys/accelerator.js';
import { hotkeyBindingProblems } from '../../src/shared/hotkeys/bindings.js';
import { formatKeyCombo, parseKeyCombo } from '../../src/shared/hotkeys/key-combo.js';
import { ALL_KEYS } from '../../src/shared/hotkeys/keys.js';
import { DEFAULT_SETTINGS } from '../../src/shared/settings.js';

function combo(text: string, role: 'hold' | 'cancel' = 'hold') {
  const parsed = parseKeyCombo(text, role);
  if (!parsed.ok) throw new Error(parsed.error);
  return { code: parsed.value.key.code, text: formatKeyCombo(parsed.value) };
}

function comboError(text: string, role: 'hold' | 'cancel' = 'hold') {
  const parsed = parseKeyCombo(text, role);
  return parsed.ok ? `accepted as ${formatKeyCombo(parsed.value)}` : parsed.error;
}

function accelerator(text: string) {
  const parsed = parseAccelerator(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value.text;
}

function acceleratorError(text: string) {
  const parsed = parseAccelerator(text);
  return parsed.ok ? `accepted as ${parsed.value.text}` : parsed.error;
}

describe('hold and cancel keys', () => {
  it('reads keys by name and alias, case-insensitively, in canonical form', () => {
    // Key codes are libuiohook's (VC_CONTROL_R = 0x0E1D, VC_F9 = 0x43, VC_ESCAPE = 0x01).
    expect(combo('RightCtrl')).toEqual({ code: 0x0e1d, text: 'RightCtrl' });
    for (const alias of ['rctrl', 'ControlRight', 'rightcontrol', 'CtrlRight'])
      expect(combo(alias).code).toBe(0x0e1d);
    expect(combo('AltGr').text).toBe('RightAlt');
    expect(combo('f9')).toEqual({ code: 0x43, text: 'F9' });
    expect(combo('Esc', 'cancel')).toEqual({ code: 0x01, text: 'Escape' });
    expect(combo('menu').text).toBe('ContextMenu');
    expect(combo('alt+ctrl+d').text).toBe('Ctrl+Alt+D');
    expect(combo(' Ctrl + Shift ').text).toBe('Ctrl+LeftShift');
    expect(combo('Meta+Space').text).toBe('Meta+Space');
  });

  it('parses the canonical name of every known key back to the same key', () => {
    for (const key of ALL_KEYS) {
      // Typing keys, Escape and Shift are hold keys only with modifiers.
      const text = [key.name, `Ctrl+Alt+${key.name}`].find((t) => parseKeyCombo(t, 'hold').ok) ?? key.name;
      expect(combo(text).code, text).toBe(key.code);
      expect(combo(text.toLowerCase()).text, text).toBe(text);
    }
    expect(new Set(ALL_KEYS.map((key) => key.code)).size).toBe(ALL_KEYS.length);
  });

  it.each([
    ['', 'hold', 'Choose a hold-to-talk key'],
    ['A', 'hold', 'whenever you type it'],
    ['Shift+A', 'hold', 'whenever you type it'],
    ['Space', 'hold', 'whenever you type it'],
    ['LeftShift', 'hold', 'capital letter'],
    ['Escape', 'hold', 'cancels recordings'],
    ['Hyper+A', 'hold', '"Hyper" is not a modifier'],
    ['Ctrl+Ctrl+A', 'hold', 'Ctrl appears twice'],
    ['Ctrl+RightCtrl', 'hold', 'is itself a Ctrl key'],
    ['Ctrl+', 'hold', 'empty part'],
    ['Banana', 'hold', '"Banana" is not a key name'],
    ['A', 'cancel', 'types text'],
    ['RightCtrl', 'cancel', 'part of other shortcuts'],
  ] as const)('rejects %j as a %s key with a reason', (text, role, reason) => {
    expect(comboError(text, role)).toContain(reason);
  });

  it('accepts sensible cancel keys', () => {
    for (const text of ['Escape', 'Backspace', 'F12', 'Ctrl+Q', 'Pause'])
      expect(combo(text, 'cancel').text).toBeTruthy();
  });
});

describe('toggle shortcut (Electron accelerator)', () => {
  it('accepts and normalises valid accelerators', () => {
    expect(accelerator('CommandOrControl+Shift+Space')).toBe('CommandOrControl+Shift+Space');
    expect(accelerator('cmdorctrl+shift+space')).toBe('CommandOrControl+Shift+Space');
    expect(accelerator('Shift+Alt+d')).toBe('Alt+Shift+D');
    expect(accelerator('Ctrl+Enter')).toBe('Control+Return');
    expect(accelerator('Ctrl+Alt+Plus')).toBe('Control+Alt+Plus');
    expect(accelerator('Control+/')).toBe('Control+/');
    expect(accelerator('Meta+Esc')).toBe('Super+Escape');
    expect(accelerator('F9')).toBe('F9');
    expect(accelerator('MediaPlayPause')).toBe('MediaPlayPause');
  });

  it.each([
    ['', 'Choose a shortcut'],
    ['Space', 'every other app'],
    ['A', 'every other app'],
    ['Shift+A', 'every other app'],
    ['Ctrl+Shift', 'no key after its modifiers'],
    ['Ctrl+A+B', 'more than one'],
    ['Ctrl++', 'write the plus key itself as "Plus"'],
    ['Hyper+A', '"Hyper" is not a modifier'],
    ['Ctrl+Control+A', 'Control appears twice'],
    ['Ctrl+Banana', '"Banana" is not a key'],
  ])('rejects %j with a reason', (text, reason) => {
    expect(acceleratorError(text)).toContain(reason);
  });
});

describe('bindings together', () => {
  it('the defaults work together', () => {
    expect(hotkeyBindingProblems(DEFAULT_SETTINGS.hotkeys)).toEqual([]);
  });

  it('finds keys that collide, only among the keys the mode uses', () => {
    const base = DEFAULT_SETTINGS.hotkeys;
    expect(hotkeyBindingProblems({ ...base, hold: 'F9', cancel: 'F9' })).toEqual([
      'The hold-to-talk key and the cancel key are both F9.',
    ]);
    expect(hotkeyBindingProblems({ ...base, toggle: 'F9', hold: 'F9' })).toEqual([
      'The toggle shortcut F9 is also the hold-to-talk key: choose different keys.',
    ]);
    expect(hotkeyBindingProblems({ ...base, mode: 'hold', toggle: 'F9', hold: 'F9' })).toEqual([]);
    expect(hotkeyBindingProblems({ ...base, toggle: 'CmdOrCtrl+Q', cancel: 'Ctrl+Q' })).toEqual([
      'The toggle shortcut and the cancel key are both CommandOrControl+Q.',
    ]);
    expect(hotkeyBindingProblems({ ...base, hold: 'A' })).toEqual([
      expect.stringMatching(/^Hold-to-talk key: Holding A would start dictation/),
    ]);
  });
});
