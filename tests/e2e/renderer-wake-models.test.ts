import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPaths } from '../../src/services/app-paths.js';
import { createAppCore, type AppCore } from '../../src/main/app/create-app-core.js';
import { ObservableHistory } from '../../src/services/history/observable-history.js';
import { createWakeModelsService } from '../../src/services/models/wake-models-service.js';
import { startHeadlessServer, type HeadlessServer } from '../../src/main/hosts/headless/headless-server.js';
import { HistoryStore } from '../../src/services/history/history-store.js';
import { silentLogger } from '../../src/services/logging/logger.js';
import { ModelManager } from '../../src/services/models/model-manager.js';
import { WAKE_FRONT_END, WAKE_PHRASE_CATALOG } from '../../src/services/models/wake-catalog.js';
import { SettingsStore } from '../../src/services/settings/settings-store.js';
import { openDatabase, type Database } from '../../src/services/storage/database.js';
import { chromiumLaunchOptions } from '../helpers/browser.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { rendererDir } from '../helpers/headless-app.js';
import { startModelServer, type ModelServer } from '../helpers/model-server.js';
import { screenshotDir } from '../helpers/screenshots.js';
import { UnavailableDictation } from '../helpers/unavailable-dictation.js';

// The built window in Chromium against the real app core (real settings file, real model manager, the
// real wake models service downloading from a real HTTP server on 127.0.0.1 set as the mirror, serving
// the real openWakeWord files, slowed down so the progress can be seen). Dictation itself is not part
// of this test (UnavailableDictation); the engine's wake word detector has its own tests.

const temp = makeTempDir('dictation-wake-e2e-');
let server: ModelServer;
let browser: Browser;
let bridge: HeadlessServer;
let core: AppCore;
let settings: SettingsStore;
let database: Database;

beforeAll(async () => {
  const routes: Parameters<typeof startModelServer>[0] = {};
  for (const { file } of [...WAKE_FRONT_END, ...WAKE_PHRASE_CATALOG]) {
    routes[`/${file}`] = {
      body: readFileSync(path.join(fixtures.wakewordDir, file)),
      behaviour: () => ({ kind: 'throttle', chunkBytes: 256 * 1024, intervalMs: 60 }),
    };
  }
  server = await startModelServer(routes);
  const paths = appPaths(temp.dir);
  const logger = silentLogger();
  settings = await SettingsStore.open({ file: paths.settingsFile, logger });
  database = openDatabase(paths.databaseFile);
  core = createAppCore({
    paths,
    logger,
    dictation: new UnavailableDictation('this test is about wake phrase models'),
    settings,
    history: new ObservableHistory(new HistoryStore(database, { logger })),
    models: new ModelManager({ modelsDir: paths.modelsDir, env: {}, logger }),
    wakeModels: createWakeModelsService({
      modelsDir: paths.modelsDir,
      env: { DICTATION_MODEL_MIRROR: server.origin },
      logger,
      settings: () => settings.get(),
    }),
  });
  bridge = await startHeadlessServer({ backend: core, rendererDir, logger });
  browser = await chromium.launch(chromiumLaunchOptions());
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  core?.close();
  database?.close();
  await server?.close();
  temp.cleanup();
});

/** One part of the window, for a person to look at. */
async function shotOf(page: Page, testId: string, name: string): Promise<void> {
  await page
    .getByTestId(testId)
    .screenshot({ path: path.join(screenshotDir, `${name}.png`), animations: 'disabled' });
}

async function openWindow(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(bridge.url);
  return { page, errors };
}

describe('Models → Wake phrases and Settings → Wake word', () => {
  it('shows the licence, needs it accepted, downloads with progress, then the phrase can be chosen', async () => {
    const { page, errors } = await openWindow();
    await page.getByRole('tab', { name: 'Models' }).click();
    const panel = page.getByTestId('wake-phrases-panel');
    await panel.waitFor();
    const licence = panel.getByTestId('wake-licence');
    expect(await licence.textContent()).toContain(
      'Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International (CC BY-NC-SA 4.0), non-commercial use only',
    );
    expect(await panel.getByTestId('wake-licence-link').getAttribute('href')).toBe(
      'https://creativecommons.org/licenses/by-nc-sa/4.0/',
    );
    // The licence comes before any download button.
    const licenceBox = (await licence.boundingBox())!;
    const jarvis = panel.locator('[data-phrase="hey_jarvis_v0.1"]');
    const download = jarvis.getByTestId('wake-download');
    expect((await download.boundingBox())!.y).toBeGreaterThan(licenceBox.y + licenceBox.height);
    expect(await download.isDisabled()).toBe(true);
    await panel.scrollIntoViewIfNeeded();
    await shotOf(page, 'wake-section', 'wake-phrases-panel');

    // The backend refuses a download without the licence, whatever the window does.
    const refused = await core.handle({
      type: 'wake_model_install',
      request: { id: 'alexa_v0.1', acceptLicence: false },
    });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'licence_not_accepted' } });

    await panel.getByTestId('wake-accept-licence').check();
    expect(await download.isDisabled()).toBe(false);
    await download.click();
    const progress = jarvis.getByTestId('wake-progress');
    await progress.waitFor();
    await page.waitForFunction(() =>
      /\.onnx: [1-9][\d.]* (KB|MB) of [\d.]+ MB/.test(
        document.querySelector('[data-phrase="hey_jarvis_v0.1"] [data-testid="wake-progress"]')
          ?.textContent ?? '',
      ),
    );
    await shotOf(page, 'wake-section', 'wake-phrases-downloading');
    await page
      .locator('[data-phrase="hey_jarvis_v0.1"][data-state="installed"]')
      .waitFor({ timeout: 20_000 });
    expect(await panel.getByTestId('wake-front-end').textContent()).toContain('installed.');
    await shotOf(page, 'wake-section', 'wake-phrases-installed');

    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByTestId('setting-wake-phrase').click();
    await page.getByRole('option', { name: 'hey jarvis' }).click();
    await page.getByTestId('setting-wake-enabled').check();
    await page.getByTestId('setting-wake-threshold').focus();
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    expect(await page.getByText('Sensitivity threshold: 0.60').count()).toBe(1);
    const section = page.getByRole('group', { name: 'Wake word' });
    expect(await section.textContent()).toContain('Higher means fewer false triggers');
    expect(await section.textContent()).toContain('The tray icon shows that the microphone is on');
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({
      path: path.join(screenshotDir, 'wake-word-settings.png'),
      animations: 'disabled',
    });
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(() => settings.get().wakeWord)
      .toEqual({
        enabled: true,
        phraseModel: path.join(temp.dir, 'models', 'wakeword', 'hey_jarvis_v0.1.onnx'),
        threshold: 0.6,
        refractoryMs: 2000,
      });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
