import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPaths } from '../../src/services/app-paths.js';
import type { ShellTestHooks } from '../../src/main/hosts/electron/test-hooks.js';
import { APP_PROTOCOL_VERSION } from '../../src/shared/app-ipc.js';
import { findElectronBinary } from '../helpers/electron.js';
import { fixtures, makeTempDir, projectRoot } from '../helpers/fixtures.js';
import { missingDesktopTools, startXvfb, type XServer } from '../helpers/x11-desktop.js';
import {
  missingDbusTools,
  startSessionBus,
  startStatusNotifierWatcher,
  type SessionBus,
} from '../helpers/dbus/session-bus.js';

/**
 * The Electron shell itself: the real app (dist/) started by Playwright's Electron driver, with the
 * engine as a utility process. Runs where an Electron binary is installed; here (no binary can be
 * downloaded) it is skipped, and everything below the shell is tested under Node instead
 * (tests/integration/app-runtime.test.ts and friends).
 */
const electron = findElectronBinary();
const skipReason = 'missing' in electron ? ` [skipped: ${electron.missing}]` : '';
if ('missing' in electron) console.info(`electron-shell.test.ts is skipped: ${electron.missing}.`);

describe.skipIf('missing' in electron)(`Electron shell${skipReason}`, () => {
  let app: ElectronApplication;
  let page: Page;
  let child: ChildProcess;
  let xvfb: XServer | null = null;
  let bus: SessionBus | null = null;
  let watcher: { stop(): Promise<void> } | null = null;
  const temp = makeTempDir('dictation-electron-');
  const paths = appPaths(temp.dir);

  /** Reads one of the shell's test hooks (src/main/electron/test-hooks.ts) inside the main process. */
  const hook = <K extends 'tray' | 'window' | 'readiness'>(name: K): Promise<ReturnType<ShellTestHooks[K]>> =>
    app.evaluate((_electron, hookName) => {
      const hooks = (globalThis as { __dictationTest?: Record<string, () => unknown> }).__dictationTest;
      if (!hooks) throw new Error('the shell was started without DICTATION_TEST_HOOKS=1');
      return hooks[hookName]?.();
    }, name) as Promise<ReturnType<ShellTestHooks[K]>>;

  const eventually = async <T>(
    read: () => Promise<T>,
    ok: (value: T) => boolean,
    timeoutMs = 20_000,
  ): Promise<T> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (ok(value) || Date.now() > until) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    for (const built of ['dist/src/main/index.js', 'dist/preload/index.cjs', 'dist/renderer/index.html']) {
      if (!existsSync(path.join(projectRoot, built)))
        throw new Error(`${built} is missing: run npm run build first`);
    }
    let env: NodeJS.ProcessEnv = process.env;
    if (!process.env['DISPLAY'] && process.platform === 'linux') {
      const missing = missingDesktopTools(['Xvfb']);
      if (missing.length > 0)
        throw new Error(`Electron needs a display: install ${missing.join(', ')} (Debian: xvfb)`);
      xvfb = await startXvfb();
      env = xvfb.env;
    }
    if (process.platform === 'linux') {
      // The tray needs a StatusNotifier host on the session bus (src/main/hosts/electron/shell-model/tray-trust.ts).
      const missing = missingDbusTools();
      if (missing.length > 0) throw new Error(`the tray needs a session bus: install ${missing.join(', ')}`);
      bus = await startSessionBus();
      watcher = await startStatusNotifierWatcher(bus, true);
      env = { ...env, DBUS_SESSION_BUS_ADDRESS: bus.address };
    }
    mkdirSync(temp.dir, { recursive: true });
    // The vocab-only model loads in milliseconds; the microphone stays closed (CI has none).
    writeFileSync(
      paths.settingsFile,
      JSON.stringify({ speech: { model: fixtures.vocabOnlyModel }, microphone: { preRollArmed: false } }),
    );
    app = await _electron.launch({
      executablePath: (electron as { path: string }).path,
      args: [projectRoot, '--no-sandbox'],
      env: {
        ...env,
        DICTATION_DATA_DIR: temp.dir,
        DICTATION_VAD_MODEL: fixtures.sileroVad,
        DICTATION_TEST_HOOKS: '1',
      },
      timeout: 60_000,
    });
    child = app.process();
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    if (child && child.exitCode === null) await app.close().catch(() => undefined);
    await xvfb?.stop();
    await watcher?.stop();
    await bus?.stop();
    temp.cleanup();
  });

  it('opens the window from dist/renderer with the sandboxed preload, and both sides speak the same protocol', async () => {
    expect(page.url()).toMatch(/^file:\/\/.*\/dist\/renderer\/index\.html/);
    expect(await page.evaluate(() => window.dictation?.protocolVersion)).toBe(APP_PROTOCOL_VERSION);
    const state = await page.evaluate(() => window.dictation?.invoke({ type: 'get_state' }));
    expect(state).toMatchObject({ ok: true, payload: { protocolVersion: APP_PROTOCOL_VERSION } });
    // Context isolation and the sandbox: the page sees no Node or Electron.
    expect(await page.evaluate(() => [typeof require, typeof process, typeof module])).toEqual([
      'undefined',
      'undefined',
      'undefined',
    ]);
    expect(await hook('window')).toMatchObject({ exists: true, visible: true });
  });

  it('validates what the window sends and refuses what it does not understand', async () => {
    const answer = await page.evaluate(() =>
      window.dictation?.invoke({ type: 'history_delete', id: '' } as unknown as { type: 'get_state' }),
    );
    expect(answer).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
  });

  it('blocks navigation away from the app and new windows', async () => {
    await page.evaluate(() => {
      window.location.href = 'http://127.0.0.1:9/elsewhere';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/index\.html/);
    expect(await page.evaluate(() => window.open('about:blank') === null)).toBe(true);
    expect(app.windows()).toHaveLength(1);
    const csp = await page.evaluate(() => {
      try {
        return String(new Function('return 1')());
      } catch (error) {
        return (error as Error).name;
      }
    });
    expect(csp).toBe('EvalError');
  });

  it('starts the engine as a utility process with the model, and shows the tray', async () => {
    const readiness = await eventually(
      () => hook('readiness'),
      (problem) => problem === null,
    );
    expect(readiness).toBeNull();
    const tray = await hook('tray');
    expect(tray).toMatchObject({ exists: true, icon: 'idle' });
    expect(tray.tooltip).toContain('Dictation: ready');
    expect(tray.menu).toEqual(
      expect.arrayContaining(['Open Dictation', 'Quit Dictation', 'Recent transcripts']),
    );
    const metrics = await app.evaluate(({ app: electronApp }) =>
      electronApp.getAppMetrics().map((m) => m.name ?? m.type),
    );
    expect(metrics).toContain('Dictation speech engine');
  });

  it('closing the window hides it to the tray; the app keeps running', async () => {
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
    const window = await eventually(
      () => hook('window'),
      (w) => !w.visible,
      5000,
    );
    expect(window).toMatchObject({ exists: true, visible: false });
    expect(child.exitCode).toBeNull();
  });

  it('quits cleanly: engine stopped, logs flushed, exit code 0', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await app.evaluate(({ app: electronApp }) => electronApp.quit());
    expect(await exited).toBe(0);
    const logDir = paths.logsDir;
    const appLog = readdirSync(logDir)
      .filter((name) => name.startsWith('app') && name.endsWith('.log'))
      .map((name) => readFileSync(path.join(logDir, name), 'utf8'))
      .join('');
    expect(appLog).toContain('"event":"shutdown_complete"');
    const sessions = path.join(logDir, 'sessions');
    const runLog = readdirSync(sessions)
      .map((name) => readFileSync(path.join(sessions, name), 'utf8'))
      .join('');
    expect(runLog).toContain('"type":"session_end"');
  });
});
