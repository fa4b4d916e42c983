import { AppError } from '../../shared/errors.js';
import { parseAccelerator } from '../../shared/hotkeys/accelerator.js';
import { hotkeyBindingProblems, type HotkeyBindings } from '../../shared/hotkeys/bindings.js';
import { parseKeyCombo } from '../../shared/hotkeys/key-combo.js';
import { keyByName } from '../../shared/hotkeys/keys.js';
import { DEFAULT_DEBOUNCE_MS, DEFAULT_TAP_MAX_MS, type HotkeyMachineConfig } from './hotkey-machine.js';

/** The state machine's configuration for the user's hotkeys; AppError 'hotkey_invalid' saying what is wrong. */
export function hotkeyMachineConfig(
  bindings: HotkeyBindings,
  timing: { tapMaxMs?: number; debounceMs?: number } = {},
): HotkeyMachineConfig {
  const problems = hotkeyBindingProblems(bindings);
  const hold = parseKeyCombo(bindings.hold, 'hold');
  const cancel = parseKeyCombo(bindings.cancel, 'cancel');
  if (problems.length > 0 || !hold.ok || !cancel.ok) {
    throw new AppError('hotkey_invalid', problems.join(' '), {
      hint: 'Choose other keys in Settings > Hotkeys.',
    });
  }
  const toggle = parseAccelerator(bindings.toggle);
  return {
    mode: bindings.mode,
    hold: hold.value,
    cancel: cancel.value,
    tapMaxMs: timing.tapMaxMs ?? DEFAULT_TAP_MAX_MS,
    debounceMs: timing.debounceMs ?? DEFAULT_DEBOUNCE_MS,
    toggleKeyCode: toggle.ok ? (keyByName(toggle.value.key)?.code ?? null) : null,
  };
}
