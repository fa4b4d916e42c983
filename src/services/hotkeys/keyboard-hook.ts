import { createRequire } from 'node:module';
import type { UiohookKeyboardEvent, uIOhook as UiohookInstance } from 'uiohook-napi';
import { AppError } from '../../shared/errors.js';
import type { Modifier } from '../../shared/hotkeys/keys.js';
import { explainHookFailure, hookBlocker, probeHook, type HookEnvironment } from './hook-preflight.js';
import type { KeyInput } from './hotkey-machine.js';

export interface KeyEvent extends Omit<KeyInput, 'time'> {
  /** When the OS saw the key, in ms from the hook's own origin (X server time, tick count...). */
  eventTime: number;
}

/** A system-wide source of key presses and releases (the OS-level hook, or a test's own source). */
export interface KeyboardHook {
  /** Resolves once keys are being reported; AppError 'hotkey_unavailable' saying why not and what to do. */
  start(onKey: (event: KeyEvent) => void): Promise<void>;
  stop(): void;
}

export interface UiohookOptions {
  /** Start the hook in a child process first (default true): a failed start aborts the process it runs in. */
  probe?: boolean;
  environment?: HookEnvironment;
}

const require = createRequire(import.meta.url);

/**
 * libuiohook through uiohook-napi: prebuilt N-API binaries for Linux (X11 RECORD), macOS (event tap,
 * needs the Accessibility permission) and Windows (low-level hook). It observes keys without taking them
 * from the focused app. One per process.
 */
export function uiohookKeyboardHook(options: UiohookOptions = {}): KeyboardHook {
  let running: { hook: typeof UiohookInstance; onDown: Listener; onUp: Listener } | undefined;
  return {
    async start(onKey) {
      if (running) throw new AppError('internal', 'The keyboard hook is already running.');
      const environment = options.environment ?? { platform: process.platform, env: process.env };
      const blocker = hookBlocker(environment);
      if (blocker) throw blocker;
      const modulePath = resolveUiohook();
      if (options.probe ?? true) await probeHook(modulePath, { environment });
      let hook: typeof UiohookInstance;
      try {
        hook = (require(modulePath) as { uIOhook: typeof UiohookInstance }).uIOhook;
      } catch (error) {
        throw explainHookFailure((error as Error).message, environment, 'loading uiohook-napi');
      }
      const onDown: Listener = (event) => onKey(keyEvent('keydown', event));
      const onUp: Listener = (event) => onKey(keyEvent('keyup', event));
      hook.on('keydown', onDown);
      hook.on('keyup', onUp);
      try {
        hook.start();
      } catch (error) {
        hook.off('keydown', onDown);
        hook.off('keyup', onUp);
        throw explainHookFailure(String((error as Error).message), environment, 'starting the hook');
      }
      running = { hook, onDown, onUp };
    },
    stop() {
      if (!running) return;
      const { hook, onDown, onUp } = running;
      running = undefined;
      hook.off('keydown', onDown);
      hook.off('keyup', onUp);
      hook.stop();
    },
  };
}

type Listener = (event: UiohookKeyboardEvent) => void;

function resolveUiohook(): string {
  try {
    return require.resolve('uiohook-napi');
  } catch (error) {
    throw new AppError('hotkey_unavailable', 'The keyboard hook package uiohook-napi is not installed.', {
      hint: 'Run npm install (or reinstall Dictation).',
      detail: (error as Error).message,
    });
  }
}

function keyEvent(type: KeyEvent['type'], event: UiohookKeyboardEvent): KeyEvent {
  const modifiers: Modifier[] = [];
  if (event.ctrlKey) modifiers.push('Ctrl');
  if (event.altKey) modifiers.push('Alt');
  if (event.shiftKey) modifiers.push('Shift');
  if (event.metaKey) modifiers.push('Meta');
  return { type, keycode: event.keycode, modifiers, eventTime: event.time };
}
