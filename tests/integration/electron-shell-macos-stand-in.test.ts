import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPaths } from '../../src/services/app-paths.js';
import { APP_IPC_CHANNELS } from '../../src/shared/app-ipc.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { launchStandInApp, type StandInApp } from '../helpers/stand-in-app.js';

/**
 * The shell's macOS paths, run in the app's real main process on the Electron stand-in, which reports
 * process.platform as darwin to the main process only (the engine stays a plain Node child): macOS
 * opened the app at login, and the user answers "Don't Allow" to the microphone prompt.
 */
describe('Electron shell on the stand-in as macOS: login launch, microphone refused', () => {
  const temp = makeTempDir('dictation-shell-mac-');
  let app: StandInApp;
  const notices = () =>
    app.messages
      .filter((m) => m.type === 'send' && m['channel'] === APP_IPC_CHANNELS.event)
      .map((m) => m['payload'] as Record<string, unknown>)
      .filter((event) => event['type'] === 'notice');

  beforeAll(async () => {
    const paths = appPaths(temp.dir);
    writeFileSync(
      paths.settingsFile,
      JSON.stringify({ speech: { model: fixtures.vocabOnlyModel }, microphone: { preRollArmed: true } }),
    );
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DICTATION_DATA_DIR: temp.dir,
      DICTATION_VAD_MODEL: fixtures.sileroVad,
      DICTATION_TEST_HOOKS: '1',
      STAND_IN_PLATFORM: 'darwin',
      STAND_IN_OPENED_AT_LOGIN: '1',
      STAND_IN_MEDIA_ACCESS: 'not-determined',
      STAND_IN_MEDIA_ANSWER: 'deny',
    };
    for (const name of ['DISPLAY', 'WAYLAND_DISPLAY', 'XDG_SESSION_TYPE']) delete env[name];
    app = launchStandInApp(env);
    await app.waitFor('window_created');
  });
  afterAll(async () => {
    await app.kill();
    temp.cleanup();
  });

  it('asks for the microphone before opening it, and says where to allow it instead of recording silence', async () => {
    expect(await app.waitFor('media_access_asked')).toMatchObject({
      mediaType: 'microphone',
      granted: false,
    });
    const deadline = Date.now() + 30_000;
    let notice: Record<string, unknown> | undefined;
    while (!notice && Date.now() < deadline) {
      notice = notices().find((n) =>
        String(n['message']).includes('does not let Dictation use the microphone'),
      );
      if (!notice) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(notice, `notices: ${JSON.stringify(notices())}`).toBeDefined();
    expect(notice?.['hint']).toContain('System Settings > Privacy & Security > Microphone');
  });

  it('stays in the tray when macOS opened it at login', async () => {
    await app.waitFor('load_file');
    expect(app.find('window_created')?.['show']).toBe(false);
    // ready-to-show has come and gone (20 ms after load); the window was never shown.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(app.find('window_shown')).toBeUndefined();
  });

  it('lets its window close once an update install has begun, or Electron would cancel the install', async () => {
    // Electron's autoUpdater closes every window before it installs: one that hides itself stops it.
    expect(await app.command('close_window')).toEqual({ windows: 1, visible: false });
    await app.command('before_quit_for_update');
    expect(await app.command('close_window')).toMatchObject({ windows: 0 });
  });
});
