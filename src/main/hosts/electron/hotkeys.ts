import { globalShortcut } from 'electron';
import { AppError, serializeError } from '../../../shared/errors.js';
import type { HotkeyBindings } from '../../../shared/hotkeys/bindings.js';
import type { Settings } from '../../../shared/settings.js';
import { connectHotkeys } from '../../../services/hotkeys/hotkey-commands.js';
import { pasteAgain } from '../../../services/shaping/paste-again.js';
import type { AppRuntime } from '../../app/create-app-runtime.js';
import { HotkeyListener } from '../../../services/hotkeys/hotkey-listener.js';
import type { Logger } from '../../../services/logging/logger.js';
import { shortcutNotRegistered } from './shell-model/shortcut-problem.js';
import { utilityProbedKeyboardHook } from './hook-probe.js';

export interface ShellHotkeysOptions {
  runtime: AppRuntime;
  logger: Logger;
  /** A hotkey problem the user must hear about (also in the window), with what to do. */
  report: (level: 'info' | 'warning', error: AppError) => void;
  /** The registered toggle shortcut changed (the tray shows it). */
  onChange: () => void;
}

/**
 * The user's hotkeys in the running app: the toggle shortcut through Electron's globalShortcut (through
 * the desktop portal on Wayland), hold-to-talk and the cancel key through the uiohook keyboard hook,
 * both fed to the hotkey state machine and from there to the dictation. Rebinding in settings takes
 * effect at once.
 */
export class ShellHotkeys {
  private listener: HotkeyListener | null = null;
  private registered: string | null = null;
  private pasteLastRegistered: string | null = null;
  private bindings: HotkeyBindings;
  private readonly disposers: (() => void)[] = [];

  constructor(private readonly options: ShellHotkeysOptions) {
    this.bindings = options.runtime.settings.get().hotkeys;
  }

  /** The toggle shortcut when it is registered. */
  get toggleShortcut(): string | null {
    return this.registered;
  }

  /** The paste-again shortcut when one is set and registered. */
  get pasteLastShortcut(): string | null {
    return this.pasteLastRegistered;
  }

  async start(): Promise<void> {
    const { runtime, logger } = this.options;
    const current = () => this.listener;
    const machine = {
      get state() {
        return current()?.state ?? 'idle';
      },
      sessionEnded: () => current()?.sessionEnded(),
    };
    const commands = connectHotkeys(machine, {
      dictation: runtime.dictation,
      readiness: () => runtime.readiness(),
      recheck: () => runtime.recheckReadiness(),
      explain: (error) => runtime.explain(error),
      inform: (message) => runtime.core.notify('info', message),
      logger,
    });
    this.disposers.push(commands.dispose);
    try {
      this.listener = await HotkeyListener.start({
        bindings: this.bindings,
        onCommand: commands.onCommand,
        hook: utilityProbedKeyboardHook(),
        logger: logger.child({ component: 'hotkeys' }),
      });
    } catch (error) {
      // Bindings from a valid settings file always parse; this is a bug worth seeing, not a crash.
      this.options.report('warning', asAppError(error));
      return;
    }
    const hookError = this.listener.hookError;
    if (hookError) this.options.report(this.bindings.mode === 'toggle' ? 'info' : 'warning', hookError);
    for (const note of this.listener.notes)
      this.options.report('info', new AppError('hotkey_unavailable', note));
    this.registerToggle();
    this.registerPasteLast();
    this.disposers.push(
      runtime.settings.subscribe((next: Settings, previous: Settings) => {
        if (JSON.stringify(next.hotkeys) !== JSON.stringify(previous.hotkeys)) this.rebind(next.hotkeys);
      }),
    );
  }

  stop(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
    this.unregisterToggle();
    this.unregisterPasteLast();
    this.listener?.stop();
    this.listener = null;
  }

  private rebind(bindings: HotkeyBindings): void {
    try {
      this.listener?.configure(bindings);
    } catch (error) {
      this.options.report('warning', asAppError(error));
      return;
    }
    this.bindings = bindings;
    this.unregisterToggle();
    this.unregisterPasteLast();
    this.registerToggle();
    this.registerPasteLast();
    this.options.logger.info(
      { event: 'hotkeys_rebound', bindings, toggleRegistered: this.registered },
      'hotkeys changed',
    );
  }

  private registerToggle(): void {
    const { mode, toggle } = this.bindings;
    if (mode === 'hold') {
      this.options.onChange();
      return;
    }
    let ok = false;
    try {
      ok = globalShortcut.register(toggle, () => this.listener?.toggle());
    } catch (error) {
      this.options.logger.error(
        { event: 'shortcut_register_threw', toggle, error: serializeError(error) },
        'shortcut rejected',
      );
    }
    if (ok) {
      this.registered = toggle;
      this.options.logger.info({ event: 'shortcut_registered', toggle }, 'toggle shortcut registered');
    } else {
      const problem = shortcutNotRegistered(toggle);
      this.options.logger.warn(
        { event: 'shortcut_not_registered', toggle, error: serializeError(problem) },
        problem.message,
      );
      this.options.report('warning', problem);
    }
    this.options.onChange();
  }

  /** Unbound unless the user chose a shortcut (Settings > Hotkeys); the logic lives in the services. */
  private registerPasteLast(): void {
    const accelerator = this.bindings.pasteLast ?? '';
    if (!accelerator) return;
    const { runtime, logger, report } = this.options;
    const tell = (level: 'info' | 'warning', message: string, hint?: string) =>
      report(level, new AppError('unavailable', message, hint ? { hint } : {}));
    let ok = false;
    try {
      ok = globalShortcut.register(accelerator, () => void pasteAgain(runtime.deliveryStage, tell, logger));
    } catch (error) {
      logger.error(
        { event: 'shortcut_register_threw', accelerator, error: serializeError(error) },
        'rejected',
      );
    }
    if (ok) this.pasteLastRegistered = accelerator;
    else report('warning', shortcutNotRegistered(accelerator, process.env, process.platform, 'paste-again'));
    this.options.onChange();
  }

  private unregisterPasteLast(): void {
    if (this.pasteLastRegistered) globalShortcut.unregister(this.pasteLastRegistered);
    this.pasteLastRegistered = null;
  }

  private unregisterToggle(): void {
    if (this.registered) globalShortcut.unregister(this.registered);
    this.registered = null;
  }
}

function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('hotkey_invalid', serializeError(error).message, {
    hint: 'Choose other keys in Settings > Hotkeys.',
  });
}
