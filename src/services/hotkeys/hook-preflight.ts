import { spawn } from 'node:child_process';
import { AppError } from '../../shared/errors.js';

export interface HookEnvironment {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
}

const currentEnvironment = (): HookEnvironment => ({ platform: process.platform, env: process.env });

function isWayland({ env }: HookEnvironment): boolean {
  return env['XDG_SESSION_TYPE'] === 'wayland' || Boolean(env['WAYLAND_DISPLAY']);
}

/**
 * Why the keyboard hook cannot work in this session, found without touching it: libuiohook aborts the
 * whole process (not an exception) when it fails to start, so failures must be caught before that.
 */
export function hookBlocker(environment: HookEnvironment = currentEnvironment()): AppError | undefined {
  if (environment.platform !== 'linux' || environment.env['DISPLAY']) return undefined;
  if (isWayland(environment)) {
    return new AppError(
      'hotkey_unavailable',
      'Hold-to-talk cannot see key presses in this Wayland session: Wayland gives key releases only to the focused window, and there is no XWayland display (DISPLAY is not set).',
      {
        hint: 'Use toggle mode (its shortcut goes through the desktop\'s global shortcuts portal), or log in with an X11 session such as "GNOME on Xorg" or "Plasma (X11)" for hold-to-talk.',
      },
    );
  }
  return new AppError(
    'hotkey_unavailable',
    'Hold-to-talk needs a graphical session, and no X display is set (DISPLAY is empty).',
    {
      hint: 'Start Dictation from your desktop session, or set DISPLAY to your X server (for example DISPLAY=:0).',
    },
  );
}

/** Limits the user should know about although the hook starts. */
export function hookNotes(environment: HookEnvironment = currentEnvironment()): string[] {
  if (environment.platform === 'linux' && isWayland(environment) && environment.env['DISPLAY']) {
    return [
      'On Wayland the keyboard hook hears keys only while an X11 (XWayland) window has focus: in native Wayland windows hold-to-talk and the cancel key do not react. The toggle shortcut works everywhere through the desktop portal; for hold-to-talk everywhere, use an X11 session.',
    ];
  }
  return [];
}

/**
 * Starts and stops the hook once in a child process (Electron's own binary run as Node, or Node), so a
 * hook that cannot start takes down only the child; its error output says why.
 */
export async function probeHook(
  modulePath: string,
  options: { timeoutMs?: number; environment?: HookEnvironment } = {},
): Promise<void> {
  const environment = options.environment ?? currentEnvironment();
  const timeoutMs = options.timeoutMs ?? 10_000;
  const script = `const { uIOhook } = require(process.argv[1]); uIOhook.start(); uIOhook.stop(); process.stdout.write('hook-ok');`;
  const child = spawn(process.execPath, ['-e', script, modulePath], {
    env: { ...environment.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const outcome = await new Promise<{ code: number | null; signal: string | null; timedOut: boolean }>(
    (resolve, reject) => {
      const finish = (result: { code: number | null; signal: string | null; timedOut: boolean }) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        resolve(result);
      };
      const timer = setTimeout(() => finish({ code: null, signal: 'SIGKILL', timedOut: true }), timeoutMs);
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // After reporting a failed start libuiohook aborts, or waits forever on a lost wake-up: do not wait.
        if (isKnownHookFailure(stderr))
          setTimeout(() => finish({ code: null, signal: 'failed', timedOut: false }), 100);
      });
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new AppError('hotkey_unavailable', `Cannot test the keyboard hook: ${error.message}`));
      });
      child.on('exit', (code, signal) => finish({ code, signal, timedOut: false }));
    },
  );
  if (outcome.code === 0 && stdout.includes('hook-ok')) return;
  if (outcome.timedOut && !isKnownHookFailure(stderr)) {
    throw new AppError(
      'hotkey_unavailable',
      `The keyboard hook did not start within ${timeoutMs / 1000} s.`,
      {
        hint: 'Restart Dictation; if it keeps happening, use toggle mode and report the problem.',
        detail: stderr.trim().slice(0, 4000),
      },
    );
  }
  throw explainHookFailure(stderr, environment, `probe ended by ${outcome.code ?? outcome.signal}`);
}

/**
 * True once a probe's error output says the hook failed to start. libuiohook then aborts, or hangs on a
 * lost wake-up (seen under load), so a probe should end the child at this point instead of waiting.
 */
export function isKnownHookFailure(output: string): boolean {
  return /XOpenDisplay|RECORD|XRecord|AXAPI|assistive|UIOHOOK_(ERROR|FAILURE)/.test(output);
}

/** Turns libuiohook's and the loader's error output into what the user can do about it. */
export function explainHookFailure(output: string, environment: HookEnvironment, how: string): AppError {
  const detail = `${how}: ${output.trim()}`.slice(0, 4000);
  const display = environment.env['DISPLAY'] ?? '';
  if (/XOpenDisplay|X_OPEN_DISPLAY/i.test(output)) {
    return new AppError('hotkey_unavailable', `Hold-to-talk cannot connect to the X display "${display}".`, {
      hint: 'Check that DISPLAY names your running X server (and that XAUTHORITY is right), or start Dictation from your desktop session.',
      detail,
    });
  }
  if (/RECORD|XRecord/.test(output)) {
    return new AppError(
      'hotkey_unavailable',
      `The X server on "${display}" has no RECORD extension, which hold-to-talk needs to see key releases.`,
      {
        hint: 'Enable the RECORD extension (it is on by default in Xorg; Xvfb and VNC servers need "+extension RECORD"), or use toggle mode.',
        detail,
      },
    );
  }
  if (/AXAPI|assistive/i.test(output)) {
    return new AppError('hotkey_unavailable', 'macOS does not let Dictation see key presses yet.', {
      hint: 'Open System Settings > Privacy & Security > Accessibility (and Input Monitoring), allow Dictation, then restart it.',
      detail,
    });
  }
  if (/cannot open shared object|No native build|Cannot find module/i.test(output)) {
    return new AppError('hotkey_unavailable', 'The keyboard hook (uiohook-napi) could not be loaded.', {
      hint:
        environment.platform === 'linux'
          ? 'Install the X11 libraries it needs: libx11-6, libxtst6, libxt6 and libxrandr2 (Debian/Ubuntu names).'
          : 'Reinstall Dictation.',
      detail,
    });
  }
  return new AppError('hotkey_unavailable', 'The keyboard hook for hold-to-talk could not start.', {
    hint: 'Use toggle mode; the log has the details.',
    detail,
  });
}
