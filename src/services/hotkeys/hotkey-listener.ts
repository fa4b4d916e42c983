import { performance } from 'node:perf_hooks';
import { AppError, serializeError } from '../../shared/errors.js';
import type { HotkeyBindings } from '../../shared/hotkeys/bindings.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import { hookNotes } from './hook-preflight.js';
import { HotkeyMachine, type HotkeyCommand, type HotkeyInput, type HotkeyState } from './hotkey-machine.js';
import { uiohookKeyboardHook, type KeyboardHook } from './keyboard-hook.js';
import { hotkeyMachineConfig } from './machine-config.js';

export interface HotkeyListenerOptions {
  bindings: HotkeyBindings;
  onCommand: (command: HotkeyCommand) => void;
  /** Default: the system-wide uiohook hook. */
  hook?: KeyboardHook;
  logger?: Logger;
  /** Milliseconds, monotonic. */
  clock?: () => number;
  /** Tap vs hold threshold for mode "both" and the debounce, in ms (defaults in hotkey-machine.ts). */
  timing?: { tapMaxMs?: number; debounceMs?: number };
}

/**
 * The user's hotkeys, live: key events from the system-wide hook and the toggle shortcut's presses go
 * through the state machine, and its start/stop/cancel commands go to onCommand.
 *
 * If the hook cannot start, the listener still runs for the toggle shortcut and `hookError` says why
 * hold-to-talk and the cancel key do not work and what to do (shown in the UI, and logged).
 */
export class HotkeyListener {
  private readonly machine: HotkeyMachine;
  private readonly logger: Logger;
  private readonly clock: () => number;
  private stopped = false;
  /** Why the keyboard hook is not running (hold-to-talk and the cancel key are off), or null. */
  hookError: AppError | null = null;
  /** Limits the user should know about, e.g. Wayland windows the hook cannot hear. */
  notes: string[] = [];

  private constructor(
    private readonly options: HotkeyListenerOptions,
    private readonly hook: KeyboardHook,
    private bindings: HotkeyBindings,
  ) {
    this.logger = options.logger ?? silentLogger();
    this.clock = options.clock ?? (() => performance.now());
    this.machine = new HotkeyMachine(hotkeyMachineConfig(bindings, options.timing));
  }

  /** Throws AppError 'hotkey_invalid' for bindings that cannot work; never for a hook that cannot start. */
  static async start(options: HotkeyListenerOptions): Promise<HotkeyListener> {
    const listener = new HotkeyListener(options, options.hook ?? uiohookKeyboardHook(), options.bindings);
    await listener.startHook();
    return listener;
  }

  get state(): HotkeyState {
    return this.machine.state;
  }

  /** The toggle shortcut fired (from Electron's globalShortcut callback). */
  toggle(): void {
    this.feed({ type: 'toggle', time: this.clock() });
  }

  /** The recording ended for another reason (auto-stop, error, the UI's button): the next press starts anew. */
  sessionEnded(): void {
    this.feed({ type: 'session_ended', time: this.clock() });
  }

  /** New bindings from settings; AppError 'hotkey_invalid' leaves the old ones in effect. */
  configure(bindings: HotkeyBindings): void {
    this.machine.configure(hotkeyMachineConfig(bindings, this.options.timing));
    this.bindings = bindings;
    this.logger.info({ event: 'hotkeys_configured', bindings }, 'hotkeys changed');
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (!this.hookError) this.hook.stop();
  }

  private async startHook(): Promise<void> {
    try {
      const toLocalTime = eventTimeMapper(this.clock);
      await this.hook.start(({ eventTime, ...event }) =>
        this.feed({ ...event, time: toLocalTime(eventTime) }),
      );
      this.notes = hookNotes();
      this.logger.info(
        { event: 'hotkey_hook_started', mode: this.bindings.mode, notes: this.notes },
        'hotkeys on',
      );
    } catch (error) {
      this.hookError =
        error instanceof AppError
          ? error
          : new AppError('hotkey_unavailable', `The keyboard hook could not start: ${String(error)}`);
      // In toggle mode only the cancel key is lost, so it is a warning there.
      const level = this.bindings.mode === 'toggle' ? 'warn' : 'error';
      this.logger[level](
        { event: 'hotkey_hook_failed', mode: this.bindings.mode, error: serializeError(this.hookError) },
        'the keyboard hook is unavailable: no hold-to-talk, no cancel key',
      );
    }
  }

  private feed(input: HotkeyInput): void {
    if (this.stopped) return;
    for (const command of this.machine.handle(input)) {
      this.logger.debug({ event: 'hotkey_command', ...command }, command.type);
      try {
        this.options.onCommand(command);
      } catch (error) {
        this.logger.error(
          { event: 'hotkey_command_failed', command, error: serializeError(error) },
          'command failed',
        );
      }
    }
  }
}

/**
 * Puts the hook's own event times on our clock, so the length of a key press is what the OS measured
 * even when a busy event loop hands us the press and the release late. The offset is the smallest seen
 * (the least delayed event); a jump of seconds (clock wrap, sleep) starts over.
 */
export function eventTimeMapper(clock: () => number): (eventTime: number) => number {
  let offset: number | undefined;
  return (eventTime) => {
    const now = clock();
    if (!Number.isFinite(eventTime)) return now;
    const candidate = now - eventTime;
    if (offset === undefined || candidate < offset || candidate - offset > 2000) offset = candidate;
    return eventTime + offset;
  };
}
