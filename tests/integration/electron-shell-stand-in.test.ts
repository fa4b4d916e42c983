import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPaths } from '../../src/services/app-paths.js';
import { CONTENT_SECURITY_POLICY } from '../../src/main/hosts/electron/shell-model/content-security-policy.js';
import { APP_IPC_CHANNELS, APP_PROTOCOL_VERSION } from '../../src/shared/app-ipc.js';
import { fixtures, makeTempDir, projectRoot } from '../helpers/fixtures.js';
import {
  missingDbusTools,
  startSessionBus,
  startStatusNotifierWatcher,
  type SessionBus,
} from '../helpers/dbus/session-bus.js';

/**
 * The app's real main process (dist/src/main/index.js: the shell, the runtime, the engine, SQLite,
 * settings) under plain Node, with a stand-in for the Electron module, because no Electron binary can
 * be installed here. The stand-in (tests/helpers/electron-stand-in/electron.mjs) records what the shell asks of
 * Electron and forks utility processes as real Node children, so the real engine runs. Chromium's own
 * behaviour (rendering, CSP enforcement, the sandbox) is covered by tests/e2e/electron-shell.test.ts
 * where a binary exists.
 */
interface StandInMessage {
  standIn: true;
  type: string;
  [key: string]: unknown;
}

const register = path.join(projectRoot, 'tests', 'helpers', 'electron-stand-in', 'register.mjs');
const mainEntry = path.join(projectRoot, 'dist', 'src', 'main', 'index.js');
const TAKEN = 'CommandOrControl+Shift+Space';

describe('Electron shell on an Electron stand-in (real main process, real engine)', () => {
  const temp = makeTempDir('dictation-shell-');
  const paths = appPaths(temp.dir);
  const messages: StandInMessage[] = [];
  const waiters = new Set<() => void>();
  let child: ChildProcess;
  let stderr = '';
  let nextId = 1;
  let launchedAt = 0;
  // A desktop whose tray shows icons: a session bus with a StatusNotifier host (see status-notifier-host.ts).
  let bus: SessionBus | null = null;
  let watcher: { stop(): Promise<void> } | null = null;

  const find = (type: string, match: (m: StandInMessage) => boolean = () => true) =>
    messages.find((m) => m.type === type && match(m));
  const waitFor = (type: string, match: (m: StandInMessage) => boolean = () => true, timeoutMs = 30_000) =>
    new Promise<StandInMessage>((resolve, reject) => {
      const check = () => {
        const found = find(type, match);
        if (!found) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no ${type} message within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`));
      }, timeoutMs);
      if (!check()) waiters.add(check);
    });
  const command = async (name: string, args: Record<string, unknown> = {}): Promise<unknown> => {
    const id = nextId++;
    child.send({ standInCommand: true, id, name, ...args });
    const answer = await waitFor('answer', (m) => m['id'] === id);
    if (answer['error']) throw new Error(String(answer['error']));
    return answer['result'];
  };
  const invoke = (payload: unknown, frame: { url?: string; subFrame?: boolean } = {}) =>
    command('invoke', { channel: APP_IPC_CHANNELS.invoke, payload, ...frame }) as Promise<
      Record<string, unknown>
    >;
  const eventually = async <T>(
    read: () => Promise<T>,
    ok: (value: T) => boolean,
    timeoutMs = 30_000,
  ): Promise<T> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (ok(value) || Date.now() > until) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const sentEvents = () =>
    messages
      .filter((m) => m.type === 'send' && m['channel'] === APP_IPC_CHANNELS.event)
      .map((m) => m['payload'] as Record<string, unknown>);

  beforeAll(async () => {
    if (!existsSync(mainEntry)) throw new Error(`${mainEntry} is missing: run npm run build:node first`);
    const missing = missingDbusTools();
    if (missing.length > 0)
      throw new Error(`the tray needs a session bus here: install ${missing.join(', ')}`);
    bus = await startSessionBus();
    watcher = await startStatusNotifierWatcher(bus, true);
    mkdirSync(temp.dir, { recursive: true });
    writeFileSync(
      paths.settingsFile,
      JSON.stringify({ speech: { model: fixtures.vocabOnlyModel }, microphone: { preRollArmed: false } }),
    );
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DICTATION_DATA_DIR: temp.dir,
      DICTATION_VAD_MODEL: fixtures.sileroVad,
      DICTATION_TEST_HOOKS: '1',
      STAND_IN_APP_PATH: projectRoot,
      STAND_IN_TAKEN_SHORTCUT: TAKEN,
      DBUS_SESSION_BUS_ADDRESS: bus.address,
    };
    // No desktop session: the keyboard hook must explain itself instead of starting.
    for (const name of ['DISPLAY', 'WAYLAND_DISPLAY', 'XDG_SESSION_TYPE']) delete env[name];
    launchedAt = performance.now();
    child = fork(mainEntry, [], {
      // --expose-gc: the notification test collects garbage to see what the app still holds.
      execArgv: ['--expose-gc', '--import', register],
      env,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('message', (message: StandInMessage) => {
      if (!message?.standIn) return;
      messages.push(message);
      for (const waiter of [...waiters]) waiter();
    });
    await waitFor('window_created');
  });

  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    await watcher?.stop();
    await bus?.stop();
    temp.cleanup();
  });

  it('starts: data folder, hardened window on dist/renderer with the preload, engine as a utility process, tray', async () => {
    expect(find('set_path')).toMatchObject({ name: 'userData', value: temp.dir });
    expect(find('window_created')?.['webPreferences']).toMatchObject({
      preload: path.join(projectRoot, 'dist', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect((await waitFor('load_file'))['file']).toBe(
      path.join(projectRoot, 'dist', 'renderer', 'index.html'),
    );
    const engine = await waitFor('utility_spawned', (m) => m['serviceName'] === 'Dictation speech engine');
    expect(typeof engine['pid']).toBe('number');
    const readiness = await eventually(
      () => command('hook', { hook: 'readiness' }),
      (value) => value === null,
    );
    expect(readiness).toBeNull();
    console.log(
      `launch -> dictation ready (engine, model, VAD listener): ${Math.round(performance.now() - launchedAt)} ms`,
    );
    await waitFor('tray_created');
    const tray = await eventually(
      () => command('hook', { hook: 'tray' }) as Promise<{ tooltip: string | null; menu: string[] }>,
      (value) => value.tooltip?.includes('ready') === true,
    );
    expect(tray.menu).toEqual(
      expect.arrayContaining(['Open Dictation', 'Recent transcripts', 'Settings…', 'Quit Dictation']),
    );
    expect(find('tray_image')?.['empty'] ?? false).toBe(false);
  });

  it("answers the window's requests, and refuses other pages, sub-frames and malformed requests", async () => {
    const state = await invoke({ type: 'get_state' });
    expect(state).toMatchObject({
      ok: true,
      payload: { protocolVersion: APP_PROTOCOL_VERSION, dictation: { phase: 'idle' } },
    });
    expect(await invoke({ type: 'get_state' }, { url: 'https://evil.example/' })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(await invoke({ type: 'get_state' }, { subFrame: true })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(await invoke({ type: 'history_delete', id: 42 })).toMatchObject({
      ok: false,
      error: { kind: 'invalid_request' },
    });
  });

  it('denies permissions, sets the CSP header, blocks navigation and new windows', async () => {
    expect(await command('permission', { permission: 'media' })).toEqual({ granted: false });
    const headers = (await command('headers', {
      headers: { 'content-security-policy': ['default-src *'], 'x-other': ['1'] },
    })) as {
      responseHeaders: Record<string, string[]>;
    };
    expect(headers.responseHeaders).toEqual({
      'x-other': ['1'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
    expect(await command('navigate', { url: 'https://example.com/page' })).toEqual({
      navigationBlocked: true,
      windowOpen: 'deny',
    });
    expect(find('open_external', (m) => m['url'] === 'https://example.com/page')).toBeDefined();
    const page = find('load_file')?.['file'] as string;
    expect(await command('navigate', { url: `file://${page}` })).toMatchObject({ navigationBlocked: false });
  });

  it('reports a toggle shortcut another app holds, and a keyboard hook that cannot start, with what to do', async () => {
    expect(await waitFor('shortcut_register', (m) => m['accelerator'] === TAKEN)).toMatchObject({
      ok: false,
    });
    const notices = await eventually(
      async () => sentEvents().filter((e) => e['type'] === 'notice'),
      (list) => list.length >= 2,
    );
    expect(notices).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining('another application already uses it'),
      }),
    );
    expect(notices).toContainEqual(
      expect.objectContaining({ message: expect.stringContaining('graphical session') }),
    );
    expect(find('notification', (m) => String(m['body']).includes(TAKEN))).toBeDefined();
  });

  it('takes a new toggle shortcut from settings at once, and a press while no model is installed explains what to do', async () => {
    const updated = await invoke({ type: 'settings_update', patch: { hotkeys: { toggle: 'Alt+Shift+D' } } });
    expect(updated).toMatchObject({ ok: true });
    expect(await waitFor('shortcut_register', (m) => m['accelerator'] === 'Alt+Shift+D')).toMatchObject({
      ok: true,
    });
    const tray = await eventually(
      () => command('hook', { hook: 'tray' }) as Promise<{ menu: string[] }>,
      (value) => value.menu.includes('Start dictation (Alt+Shift+D)'),
    );
    expect(tray.menu).toContain('Start dictation (Alt+Shift+D)');

    await invoke({ type: 'settings_update', patch: { speech: { model: 'ggml-not-installed.bin' } } });
    const problem = await eventually(
      () => command('hook', { hook: 'readiness' }) as Promise<{ kind: string } | null>,
      (value) => value?.kind === 'model_not_found',
    );
    expect(problem?.kind).toBe('model_not_found');
    const shownBefore = messages.filter((m) => m.type === 'window_shown').length;
    expect(await command('press_shortcut', { accelerator: 'Alt+Shift+D' })).toEqual({ pressed: true });
    const notice = await eventually(
      async () =>
        sentEvents().find((e) => e['type'] === 'notice' && String(e['message']).includes('No speech model')),
      (found) => found !== undefined,
    );
    expect(notice?.['hint']).toContain('Models tab');
    expect(messages.filter((m) => m.type === 'window_shown').length).toBeGreaterThan(shownBefore);
    expect(find('notification', (m) => String(m['body']).includes('No speech model'))).toBeDefined();
    const status = await invoke({ type: 'get_state' });
    expect(status).toMatchObject({ ok: true, payload: { dictation: { phase: 'idle' } } });
  });

  it('registers the paste-again shortcut once it is set (unbound by default), beside its tray item', async () => {
    expect(
      find('shortcut_register', (m) => String(m['accelerator']).includes('Alt+Shift+V')),
    ).toBeUndefined();
    const updated = await invoke({
      type: 'settings_update',
      patch: { hotkeys: { pasteLast: 'Alt+Shift+V' } },
    });
    expect(updated).toMatchObject({ ok: true });
    expect(await waitFor('shortcut_register', (m) => m['accelerator'] === 'Alt+Shift+V')).toMatchObject({
      ok: true,
    });
    const tray = await eventually(
      () => command('hook', { hook: 'tray' }) as Promise<{ menu: string[] }>,
      (value) => value.menu.includes('Paste last dictation again (Alt+Shift+V)'),
    );
    expect(tray.menu).toContain('Paste last dictation again (Alt+Shift+V)');
    // Nothing dictated yet: the press says so instead of pasting nothing.
    expect(await command('press_shortcut', { accelerator: 'Alt+Shift+V' })).toEqual({ pressed: true });
    const notice = await eventually(
      async () =>
        sentEvents().find((e) => e['type'] === 'notice' && String(e['message']).includes('paste again')),
      (found) => found !== undefined,
    );
    expect(notice?.['hint']).toContain('Dictate something first');
  });

  it('keeps its notifications alive until clicked, so a click after a garbage collection still opens the window', async () => {
    const before = (await command('notifications_alive')) as { created: number; alive: number };
    // The taken shortcut, the keyboard hook and the missing model were each notified above.
    expect(before.created).toBeGreaterThanOrEqual(2);
    expect(before.alive).toBe(before.created);
    const shown = messages.filter((m) => m.type === 'window_shown').length;
    expect(await command('click_notification')).toEqual({ clicked: true });
    expect(messages.filter((m) => m.type === 'window_shown').length).toBeGreaterThan(shown);
    // A clicked notification is let go.
    const after = (await command('notifications_alive')) as { created: number; alive: number };
    expect(after.alive).toBe(after.created - 1);
  });

  it('reloads a crashed window a few times, later each time, then shows what to do instead of reloading in a loop', async () => {
    const loads = () => messages.filter((m) => m.type === 'load_file').length;
    const crashAndTime = async () => {
      const before = loads();
      const at = performance.now();
      await command('renderer_gone', { reason: 'crashed' });
      await eventually(
        async () => loads(),
        (count) => count > before,
        10_000,
      );
      return performance.now() - at;
    };
    const waits = [await crashAndTime(), await crashAndTime(), await crashAndTime()];
    expect(waits[0]).toBeLessThan(500);
    expect(waits[1]).toBeGreaterThanOrEqual(900);
    expect(waits[2]).toBeGreaterThanOrEqual(4900);
    const before = loads();
    await command('renderer_gone', { reason: 'crashed' });
    const page = await waitFor('load_url');
    expect(decodeURIComponent(String(page['url']))).toContain('crashed 4 times');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(loads()).toBe(before);
    const notice = await eventually(
      async () =>
        sentEvents().find((e) => e['type'] === 'notice' && String(e['message']).includes('crashed 4 times')),
      (found) => found !== undefined,
    );
    expect(notice?.['hint']).toContain('Open Dictation');
    expect(find('notification', (m) => String(m['body']).includes('crashed 4 times'))).toBeDefined();
    console.log(
      `renderer crash -> reload waits: ${waits.map((ms) => Math.round(ms)).join(', ')} ms, then the crash page`,
    );
  });

  it('hides the window on close, and quits gracefully on SIGTERM: exit code 0, engine stopped, logs flushed', async () => {
    expect(await command('close_window')).toEqual({ windows: 1, visible: false });
    const engine = find('utility_spawned', (m) => m['serviceName'] === 'Dictation speech engine');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const signalledAt = performance.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    console.log(`SIGTERM -> process exited: ${Math.round(performance.now() - signalledAt)} ms`);
    expect(find('utility_exited', (m) => m['pid'] === engine?.['pid'])).toBeDefined();
    expect(find('tray_destroyed')).toBeDefined();
    const appLog = readdirSync(paths.logsDir)
      .filter((name) => name.endsWith('.log'))
      .map((name) => readFileSync(path.join(paths.logsDir, name), 'utf8'))
      .join('');
    expect(appLog).toContain('"event":"shutdown_complete"');
    expect(appLog).toContain('"event":"app_quit","reason":"SIGTERM"');
    const sessions = path.join(paths.logsDir, 'sessions');
    const runLog = readdirSync(sessions)
      .map((name) => readFileSync(path.join(sessions, name), 'utf8'))
      .join('');
    expect(runLog).toContain('"type":"session_end","reason":"SIGTERM"');
  });
});
