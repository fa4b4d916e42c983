import type { KeyCombo } from '../../shared/hotkeys/key-combo.js';
import { keyByCode, type Modifier } from '../../shared/hotkeys/keys.js';
import type { HotkeyMode } from '../../shared/hotkeys/bindings.js';

/** A key event from the keyboard hook; `time` in ms from any fixed origin (performance.now()). */
export interface KeyInput {
  type: 'keydown' | 'keyup';
  keycode: number;
  /** Modifiers held when the event happened (including the key itself when it is a modifier). */
  modifiers: readonly Modifier[];
  time: number;
}

export type HotkeyInput =
  | KeyInput
  /** The toggle shortcut fired (Electron globalShortcut). */
  | { type: 'toggle'; time: number }
  /** The recording ended without the hotkeys (auto-stop on silence, an error, the UI's stop button). */
  | { type: 'session_ended'; time: number };

export type HotkeyCommand =
  | { type: 'start'; trigger: 'hold' | 'toggle'; time: number }
  | { type: 'stop'; reason: 'released' | 'toggled'; time: number }
  | { type: 'cancel'; reason: 'cancel_key' | 'chord'; time: number };

export interface HotkeyMachineConfig {
  mode: HotkeyMode;
  hold: KeyCombo;
  cancel: KeyCombo;
  /** In mode "both", a press of the hold key shorter than this is a tap that toggles. */
  tapMaxMs: number;
  /** Presses closer together than this to the previous one are contact bounce or key repeat. */
  debounceMs: number;
  /**
   * Key code of the toggle shortcut's key when the hook reports keys: held down, the shortcut repeats on
   * Windows and X11, and only its first firing counts. Null without a hook.
   */
  toggleKeyCode: number | null;
}

export const DEFAULT_TAP_MAX_MS = 300;
export const DEFAULT_DEBOUNCE_MS = 40;
/** The shortcut's event and the hook's key event for the same press arrive in either order, this far apart. */
const SAME_PRESS_MS = 250;

/**
 * What the recording is doing from the hotkeys' point of view:
 * idle; holding (the hold key is down and started it: releasing stops it, unless the press turns out to
 * be a tap in mode "both"); latched (started by a tap or the toggle shortcut: the next press stops it).
 */
export type HotkeyState = 'idle' | 'holding' | 'latched';

/**
 * Push-to-talk and toggle as a pure state machine: key events in, start/stop/cancel commands out, time
 * passed in with each event so it runs the same in tests and with the real hook.
 */
export class HotkeyMachine {
  private recording: 'hold' | 'latched' | null = null;
  /** The hold key is physically down; `owns` when this press started the recording that is running. */
  private holdKey: { downAt: number; owns: boolean } | null = null;
  private lastHoldUpAt = -Infinity;
  private lastToggleAt = -Infinity;
  /** The toggle shortcut's key is down, and whether the shortcut already fired during this press. */
  private toggleKey = { held: false, fired: false };

  constructor(private config: HotkeyMachineConfig) {}

  get state(): HotkeyState {
    if (this.recording === null) return 'idle';
    return this.recording === 'hold' ? 'holding' : 'latched';
  }

  /** New bindings take effect at once; a recording in progress keeps running. */
  configure(config: HotkeyMachineConfig): void {
    this.config = config;
    this.holdKey = null;
    this.toggleKey = { held: false, fired: false };
    if (this.recording === 'hold') this.recording = 'latched';
  }

  handle(input: HotkeyInput): HotkeyCommand[] {
    switch (input.type) {
      case 'toggle':
        return this.onToggle(input.time);
      case 'session_ended':
        this.endRecording();
        return [];
      case 'keydown':
        return this.onKeyDown(input);
      case 'keyup':
        return this.onKeyUp(input);
    }
  }

  private get usesHoldKey(): boolean {
    return this.config.mode !== 'toggle';
  }

  private onKeyDown(input: KeyInput): HotkeyCommand[] {
    const { hold, cancel, toggleKeyCode } = this.config;
    const isToggleKey = input.keycode === toggleKeyCode && this.config.mode !== 'hold';
    if (isToggleKey && !this.toggleKey.held) {
      this.toggleKey = { held: true, fired: input.time - this.lastToggleAt < SAME_PRESS_MS };
    }
    if (this.usesHoldKey && input.keycode === hold.key.code) {
      if (this.holdKey) return []; // auto-repeat while held
      if (!modifiersExactly(input, hold)) return [];
      return this.onHoldPressed(input.time);
    }
    if (this.recording && input.keycode === cancel.key.code && modifiersInclude(input, cancel)) {
      this.endRecording();
      return [{ type: 'cancel', reason: 'cancel_key', time: input.time }];
    }
    const chord = this.holdingModifierKey && !keyByCode(input.keycode)?.modifier && !isToggleKey;
    if (chord) {
      // Right Ctrl + C is a shortcut, not dictation.
      this.endRecording();
      return [{ type: 'cancel', reason: 'chord', time: input.time }];
    }
    return [];
  }

  private onHoldPressed(time: number): HotkeyCommand[] {
    const bounced = time - this.lastHoldUpAt < this.config.debounceMs;
    this.holdKey = { downAt: time, owns: false };
    if (bounced) return [];
    if (this.recording === null) {
      this.recording = 'hold';
      this.holdKey.owns = true;
      return [{ type: 'start', trigger: 'hold', time }];
    }
    this.endRecording();
    return [{ type: 'stop', reason: 'toggled', time }];
  }

  private onKeyUp(input: KeyInput): HotkeyCommand[] {
    if (input.keycode === this.config.toggleKeyCode) this.toggleKey = { held: false, fired: false };
    if (input.keycode !== this.config.hold.key.code || !this.holdKey) return [];
    const press = this.holdKey;
    this.holdKey = null;
    this.lastHoldUpAt = input.time;
    if (!press.owns || this.recording !== 'hold') return [];
    const tap = this.config.mode === 'both' && input.time - press.downAt < this.config.tapMaxMs;
    if (tap) {
      this.recording = 'latched';
      return [];
    }
    this.recording = null;
    return [{ type: 'stop', reason: 'released', time: input.time }];
  }

  private onToggle(time: number): HotkeyCommand[] {
    if (this.config.mode === 'hold') return [];
    if (this.toggleKey.held && this.toggleKey.fired) return []; // the shortcut repeating while held
    if (time - this.lastToggleAt < this.config.debounceMs) return [];
    this.lastToggleAt = time;
    if (this.toggleKey.held) this.toggleKey.fired = true;
    if (this.holdingModifierKey) {
      // Right Ctrl was the Ctrl of the toggle shortcut: the recording it started is now a toggled one.
      this.recording = 'latched';
      this.holdKey!.owns = false;
      return [];
    }
    if (this.recording === null) {
      this.recording = 'latched';
      return [{ type: 'start', trigger: 'toggle', time }];
    }
    this.endRecording();
    return [{ type: 'stop', reason: 'toggled', time }];
  }

  /** The recording runs because a modifier key chosen as the hold key is down. */
  private get holdingModifierKey(): boolean {
    return this.recording === 'hold' && !!this.holdKey?.owns && !!this.config.hold.key.modifier;
  }

  private endRecording(): void {
    this.recording = null;
    if (this.holdKey) this.holdKey.owns = false;
  }
}

/** The combination's modifiers are held, and no others (Ctrl+F9 must not fire a hold key of plain F9). */
function modifiersExactly(input: KeyInput, combo: KeyCombo): boolean {
  const held = new Set(input.modifiers);
  if (combo.key.modifier) held.delete(combo.key.modifier);
  return held.size === combo.modifiers.length && combo.modifiers.every((modifier) => held.has(modifier));
}

function modifiersInclude(input: KeyInput, combo: KeyCombo): boolean {
  return combo.modifiers.every((modifier) => input.modifiers.includes(modifier));
}
