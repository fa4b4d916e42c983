import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hookBlocker } from '../../src/services/hotkeys/hook-preflight.js';
import type { HotkeyCommand } from '../../src/services/hotkeys/hotkey-machine.js';
import { HotkeyListener } from '../../src/services/hotkeys/hotkey-listener.js';
import {
  uiohookKeyboardHook,
  type KeyboardHook,
  type KeyEvent,
} from '../../src/services/hotkeys/keyboard-hook.js';
import type { HotkeyBindings } from '../../src/shared/hotkeys/bindings.js';
import { keyByName } from '../../src/shared/hotkeys/keys.js';
import { missingDesktopTools, x11 } from '../helpers/x11-desktop.js';

// The real keyboard hook (libuiohook via uiohook-napi, X11 RECORD) in this process, listening to our own
// Xvfb; xdotool presses real keys through XTEST, exactly as a keyboard would reach the X server.
const missing = missingDesktopTools(['Xvfb', 'xdotool']);
if (missing.length > 0)
  throw new Error(`These tests need ${missing.join(', ')}: apt-get install xvfb xdotool`);
if (!isMainThread)
  throw new Error('The hook reads DISPLAY from the C environment: run vitest with the forks pool.');

const bindings: HotkeyBindings = {
  mode: 'hold',
  toggle: 'CommandOrControl+Shift+Space',
  hold: 'RightCtrl',
  cancel: 'Escape',
};

let xvfb: OwnXvfb;
let listener: HotkeyListener;
const commands: HotkeyCommand[] = [];
const rawKeyDowns: number[] = [];
const savedDisplay = process.env['DISPLAY'];

interface OwnXvfb {
  display: string;
  env: NodeJS.ProcessEnv;
  stop(): void;
}

/**
 * An Xvfb that ends when this test process ends, however it ends: libuiohook keeps a helper connection
 * to the display until the process exits, and Xlib exits the process when a connection breaks, so the
 * server must outlive the tests. A shell watchdog ends it once this process is gone (or on stop()).
 */
async function startOwnXvfb(extraArgs: string[] = []): Promise<OwnXvfb> {
  const watchdog = `Xvfb "$1" -screen 0 640x480x24 -nolisten tcp -displayfd 3 ${extraArgs.join(' ')} 2>/dev/null &
    x=$!; trap 'kill $x; exit 0' TERM
    while kill -0 "$2" 2>/dev/null && kill -0 $x 2>/dev/null; do sleep 0.5; done; kill $x 2>/dev/null`;
  const first = 500 + Math.floor(Math.random() * 400);
  for (let n = first; n < first + 40; n++) {
    if (existsSync(`/tmp/.X${n}-lock`) || existsSync(`/tmp/.X11-unix/X${n}`)) continue;
    const shell = spawn('sh', ['-c', watchdog, 'xvfb-watchdog', `:${n}`, String(process.pid)], {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    });
    const ready = await new Promise<boolean>((resolve) => {
      shell.stdio[3]!.once('data', () => resolve(true));
      shell.once('exit', () => resolve(false));
      setTimeout(() => resolve(false), 10_000);
    });
    if (!ready) {
      shell.kill();
      continue;
    }
    const display = `:${n}`;
    return { display, env: { ...process.env, DISPLAY: display }, stop: () => shell.kill() };
  }
  throw new Error('Xvfb did not start on any free display number');
}

/** The real hook, with every raw key-down also counted (to prove auto-repeat really happened). */
function countingHook(): KeyboardHook {
  const real = uiohookKeyboardHook();
  return {
    start: (onKey) =>
      real.start((event: KeyEvent) => {
        if (event.type === 'keydown') rawKeyDowns.push(event.keycode);
        onKey(event);
      }),
    stop: () => real.stop(),
  };
}

beforeAll(async () => {
  xvfb = await startOwnXvfb();
  // libuiohook opens the display named by this process's DISPLAY.
  process.env['DISPLAY'] = xvfb.display;
  listener = await HotkeyListener.start({
    bindings,
    hook: countingHook(),
    onCommand: (c) => commands.push(c),
  });
  if (listener.hookError) {
    throw new Error(
      `uiohook did not start under Xvfb: ${listener.hookError.message} ${listener.hookError.detail}`,
    );
  }
});

afterAll(() => {
  listener?.stop();
  if (savedDisplay === undefined) delete process.env['DISPLAY'];
  else process.env['DISPLAY'] = savedDisplay;
  // xvfb ends with this process (see startOwnXvfb).
});

beforeEach(() => {
  commands.length = 0;
  rawKeyDowns.length = 0;
});

function xdotool(...args: string[]) {
  const run = x11(xvfb.env, 'xdotool', args);
  if (run.code !== 0) throw new Error(`xdotool ${args.join(' ')} failed: ${run.stderr}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForCommands(count: number, timeoutMs = 5000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  while (commands.length < count && Date.now() < deadline) await sleep(10);
  await sleep(150); // and nothing more arrives
  return commands.map((c) => `${c.type}:${c.type === 'start' ? c.trigger : c.reason}`);
}

describe('the real hook under Xvfb', () => {
  it('hold-to-talk: Right Ctrl down starts, up stops', async () => {
    xdotool('keydown', 'Control_R');
    expect(await waitForCommands(1)).toEqual(['start:hold']);
    expect(listener.state).toBe('holding');
    await sleep(400);
    xdotool('keyup', 'Control_R');
    expect(await waitForCommands(2)).toEqual(['start:hold', 'stop:released']);
    const [start, stop] = commands;
    expect(stop!.time - start!.time).toBeGreaterThanOrEqual(350);
    expect(listener.state).toBe('idle');
  });

  it('ignores the X server auto-repeat of a held key', async () => {
    listener.configure({ ...bindings, hold: 'F9' });
    xdotool('keydown', 'F9');
    await sleep(1500); // Xvfb repeats after 660 ms, 25 times a second
    xdotool('keyup', 'F9');
    expect(await waitForCommands(2)).toEqual(['start:hold', 'stop:released']);
    expect(rawKeyDowns.filter((code) => code === keyByName('F9')!.code).length).toBeGreaterThan(5);
  });

  it('mode both: a quick tap toggles on, the next tap toggles off', async () => {
    listener.configure({ ...bindings, mode: 'both', hold: 'F9' });
    xdotool('key', 'F9');
    expect(await waitForCommands(1)).toEqual(['start:hold']);
    expect(listener.state).toBe('latched');
    await sleep(300);
    xdotool('key', 'F9');
    expect(await waitForCommands(2)).toEqual(['start:hold', 'stop:toggled']);
    expect(listener.state).toBe('idle');
  });

  it('Escape cancels a recording in progress', async () => {
    listener.configure({ ...bindings, hold: 'F9' });
    xdotool('keydown', 'F9');
    await sleep(200);
    xdotool('key', 'Escape');
    await sleep(100);
    xdotool('keyup', 'F9');
    expect(await waitForCommands(2)).toEqual(['start:hold', 'cancel:cancel_key']);
  });

  it('Right Ctrl + C is a copy, not a dictation', async () => {
    listener.configure(bindings);
    xdotool('keydown', 'Control_R');
    await sleep(50);
    xdotool('key', 'c');
    xdotool('keyup', 'Control_R');
    expect(await waitForCommands(2)).toEqual(['start:hold', 'cancel:chord']);
  });
});

describe('when the hook cannot start', () => {
  const env = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
    const base = { ...process.env, ...extra };
    for (const [key, value] of Object.entries(extra)) if (value === undefined) delete base[key];
    return base;
  };

  it('says there is no display, and what to do', () => {
    const error = hookBlocker({
      platform: 'linux',
      env: env({ DISPLAY: undefined, WAYLAND_DISPLAY: undefined }),
    });
    expect(error?.kind).toBe('hotkey_unavailable');
    expect(error?.message).toContain('no X display');
    expect(error?.hint).toContain('DISPLAY=:0');
  });

  it('explains Wayland without XWayland and points to toggle mode', () => {
    const error = hookBlocker({
      platform: 'linux',
      env: env({ DISPLAY: undefined, WAYLAND_DISPLAY: 'wayland-0', XDG_SESSION_TYPE: 'wayland' }),
    });
    expect(error?.message).toContain('Wayland');
    expect(error?.hint).toContain('toggle mode');
    expect(hookBlocker({ platform: 'darwin', env: {} })).toBeUndefined();
  });

  it('reports an X display that does not answer, without crashing this process', async () => {
    // libuiohook aborts the process it starts in when the display cannot be opened; the probe child
    // takes that blow, and the listener keeps the toggle shortcut working.
    const hook = uiohookKeyboardHook({ environment: { platform: 'linux', env: env({ DISPLAY: ':4999' }) } });
    const seen: HotkeyCommand[] = [];
    const degraded = await HotkeyListener.start({
      bindings: { ...bindings, mode: 'both' },
      hook,
      onCommand: (c) => seen.push(c),
    });
    expect(degraded.hookError?.kind).toBe('hotkey_unavailable');
    expect(degraded.hookError?.message).toContain('cannot connect to the X display ":4999"');
    expect(degraded.hookError?.detail).toContain('XOpenDisplay');
    degraded.toggle();
    expect(seen.map((c) => c.type)).toEqual(['start']);
    degraded.stop();
  });

  it('reports an X server without the RECORD extension', async () => {
    const noRecord = await startOwnXvfb(['-extension', 'RECORD']);
    try {
      const hook = uiohookKeyboardHook({ environment: { platform: 'linux', env: noRecord.env } });
      const error = await hook
        .start(() => undefined)
        .then(
          () => undefined,
          (e: unknown) => e as { kind: string; message: string; hint: string },
        );
      expect(error?.kind).toBe('hotkey_unavailable');
      expect(error?.message).toContain('no RECORD extension');
      expect(error?.hint).toContain('+extension RECORD');
    } finally {
      noRecord.stop();
    }
  });
});
