import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPaths } from '../../src/services/app-paths.js';
import { APP_IPC_CHANNELS } from '../../src/shared/app-ipc.js';
import { missingDbusTools, startSessionBus, type SessionBus } from '../helpers/dbus/session-bus.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { launchStandInApp, type StandInApp } from '../helpers/stand-in-app.js';

const missing = missingDbusTools();

/**
 * GNOME without the AppIndicator extension, as the shell sees it: a session bus with no
 * StatusNotifierWatcher. The app's real main process on the Electron stand-in (no Electron binary
 * here), launched "at login" (--hidden is what the autostart entry passes).
 */
describe.skipIf(missing.length > 0)(
  `Electron shell on a desktop without tray icons (stand-in)${missing.length ? ` (skipped: install ${missing.join(', ')})` : ''}`,
  () => {
    const temp = makeTempDir('dictation-shell-no-tray-');
    let bus: SessionBus;
    let app: StandInApp;
    const notices = () =>
      app.messages
        .filter((m) => m.type === 'send' && m['channel'] === APP_IPC_CHANNELS.event)
        .map((m) => m['payload'] as Record<string, unknown>)
        .filter((event) => event['type'] === 'notice');

    beforeAll(async () => {
      bus = await startSessionBus();
      writeFileSync(
        appPaths(temp.dir).settingsFile,
        JSON.stringify({ speech: { model: fixtures.vocabOnlyModel }, microphone: { preRollArmed: false } }),
      );
      const env: NodeJS.ProcessEnv = {
        ...bus.env,
        DICTATION_DATA_DIR: temp.dir,
        DICTATION_VAD_MODEL: fixtures.sileroVad,
        DICTATION_TEST_HOOKS: '1',
      };
      for (const name of ['DISPLAY', 'WAYLAND_DISPLAY', 'XDG_SESSION_TYPE']) delete env[name];
      app = launchStandInApp(env, ['--hidden']);
      await app.waitFor('window_created');
    });
    afterAll(async () => {
      await app?.kill();
      await bus?.stop();
      temp.cleanup();
    });

    it('makes no invisible tray, shows its window although started at login, and says why', async () => {
      await app.waitFor('window_shown');
      expect(app.find('tray_created')).toBeUndefined();
      const deadline = Date.now() + 30_000;
      let notice: Record<string, unknown> | undefined;
      while (!notice && Date.now() < deadline) {
        notice = notices().find((n) => String(n['message']).includes('shows no tray icons'));
        if (!notice) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(notice?.['hint']).toContain('AppIndicator');
    });

    it('quits when the window is closed, instead of hiding into a tray nobody can see', async () => {
      await app.command('close_window');
      const exited = await Promise.race([
        app.exited,
        new Promise<string>((resolve) => setTimeout(() => resolve('still running after 20 s'), 20_000)),
      ]);
      expect(exited).toBe(0);
      expect(app.find('window_hidden')).toBeUndefined();
      expect(app.find('quit')).toBeDefined();
    });
  },
);
