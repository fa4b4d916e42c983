import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudioFile } from '../../src/audio/open-audio.js';
import { forkEngineChannel } from '../../src/engine/client/fork-channel.js';
import { appPaths } from '../../src/services/app-paths.js';
import { createAppRuntime, type AppRuntime } from '../../src/main/app/create-app-runtime.js';
import { startHeadlessServer, type HeadlessServer } from '../../src/main/hosts/headless/headless-server.js';
import { silentLogger } from '../../src/services/logging/logger.js';
import { currentMachine, MODEL_CATALOG, recommendModel } from '../../src/services/models/catalog.js';
import { VAD_MODEL } from '../../src/services/models/vad-model.js';
import { chromiumLaunchOptions } from '../helpers/browser.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { rendererDir } from '../helpers/headless-app.js';
import { startModelServer, type ModelServer } from '../helpers/model-server.js';
import { PushSource } from '../helpers/push-source.js';
import { screenshot } from '../helpers/screenshots.js';

// A new user's first start, in Chromium against the whole app runtime (engine process, Silero VAD,
// whisper.cpp, model manager, settings) over the loopback bridge; the microphone is the one stand-in
// (PushSource plays jfk.wav). Models come from a real HTTP server on 127.0.0.1 set as the mirror
// (DICTATION_MODEL_MIRROR). The VAD fixture is the published file, so its real checksum is checked.
// The speech model is the micro-en fixture served under the file name of the model recommended for this
// machine; the runtime is given a test catalog in which that entry carries the fixture's size and
// SHA-256 (the published checksums of real models cannot match a fixture), so size and checksum are
// still verified for real. Another catalog model (tiny.en) is not on the server: the 404 case.

const SR = 16000;
const recommended = recommendModel(currentMachine()).name;
const missingModel = recommended === 'tiny.en' ? 'base.en' : 'tiny.en';
const micro = readFileSync(fixtures.microModel);
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const vocabBytes = readFileSync(fixtures.vocabOnlyModel);
// A second served model, slowed down, for pause and resume (the vocab-only fixture, under this name).
const pausedModel = recommended === 'small.en' ? 'small' : 'small.en';
const catalog = MODEL_CATALOG.map((entry) =>
  entry.name === recommended
    ? { ...entry, sizeBytes: micro.length, sha256: sha256(micro) }
    : entry.name === pausedModel
      ? { ...entry, sizeBytes: vocabBytes.length, sha256: sha256(vocabBytes) }
      : entry,
);
const pausedFile = catalog.find((entry) => entry.name === pausedModel)!.file;
const recommendedFile = catalog.find((entry) => entry.name === recommended)!.file;
const dropAt = Math.floor(micro.length * 0.4);

let browser: Browser;
let server: ModelServer;
let runtime: AppRuntime;
let bridge: HeadlessServer;
let jfk: Float32Array;
const source = new PushSource();
const temp = makeTempDir('dictation-models-e2e-');

beforeAll(async () => {
  jfk = await readAudioFile(fixtures.jfkWav);
  server = await startModelServer({
    [`/${recommendedFile}`]: {
      body: micro,
      // The first connection drops at 40 %; the resumed one is slowed so the progress can be watched.
      behaviour: (n) =>
        n === 0 ? { kind: 'drop', at: dropAt } : { kind: 'throttle', chunkBytes: 256 * 1024, intervalMs: 40 },
    },
    [`/${VAD_MODEL.file}`]: { body: readFileSync(fixtures.sileroVad) },
    [`/${pausedFile}`]: {
      body: vocabBytes,
      behaviour: () => ({ kind: 'throttle', chunkBytes: 8 * 1024, intervalMs: 40 }),
    },
  });
  const paths = appPaths(temp.dir);
  // Without the always-open pre-roll, so the microphone check is what opens the microphone.
  writeFileSync(
    paths.settingsFile,
    JSON.stringify({ speech: { language: 'en' }, microphone: { preRollArmed: false } }),
  );
  runtime = await createAppRuntime({
    paths,
    logger: silentLogger(),
    startEngineChannel: () => forkEngineChannel(),
    createAudioSource: () => source,
    listDevices: () => [],
    jobs: false,
    env: { PATH: process.env['PATH'] ?? '', DICTATION_MODEL_MIRROR: server.origin },
    modelCatalog: catalog,
  });
  await runtime.start();
  bridge = await startHeadlessServer({ backend: runtime.core, rendererDir, logger: silentLogger() });
  browser = await chromium.launch(chromiumLaunchOptions());
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  await runtime?.shutdown({ reason: 'test cleanup', utteranceWaitMs: 100 });
  await server?.close();
  temp.cleanup();
});

/** Plays jfk.wav into the microphone stand-in in 100 ms blocks at real-time pace until stopped. */
function play(seconds = Infinity): () => void {
  let offset = 0;
  const block = SR / 10;
  const end = Math.min(jfk.length, Math.round(seconds * SR));
  const timer = setInterval(() => {
    if (offset + block > end) offset = 0;
    source.push(jfk.subarray(offset, offset + block));
    offset += block;
  }, 100);
  return () => clearInterval(timer);
}

async function openWindow(colorScheme: 'light' | 'dark'): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ colorScheme, viewport: { width: 900, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(bridge.url);
  return { page, errors };
}

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('first-run setup and the Models view', () => {
  it('walks a new user from no model to a working dictation, then manages models', async () => {
    expect(runtime.readiness()?.kind).toBe('model_not_found');
    const { page, errors } = await openWindow('light');

    // Dictate view: the missing models are explained, and the setup opens by itself.
    await page.getByTestId('setup').waitFor();
    await page.getByTestId('setup-banner').waitFor();
    expect(await page.getByTestId('setup-banner').textContent()).toContain('a speech model');
    // Put off: Start dictation says what is missing and what to do; the banner opens the setup again.
    await page.getByRole('button', { name: 'Finish later' }).click();
    await page.getByRole('button', { name: 'Start dictation' }).click();
    const notice = page.getByTestId('notice').filter({ hasText: 'No speech model is installed yet' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain('download one');
    await page.getByTestId('setup-banner').getByRole('button', { name: 'Set up' }).click();

    // 1. Microphone check: the microphone opens for this step only and the meter follows the voice.
    expect(runtime.microphoneArmed()).toBe(false);
    await page.getByTestId('step-microphone').waitFor();
    await until(() => source.running, 'the microphone to open for the check');
    const stopMic = play();
    await page.getByTestId('microphone-heard').waitFor();
    expect(Number(await page.getByTestId('setup-level-meter').getAttribute('data-level'))).toBeGreaterThan(0);
    await screenshot(page, 'setup-microphone-light', { fullPage: false });
    stopMic();
    await page.getByTestId('setup-next').click();
    await until(() => !source.running, 'the microphone to close after the check');

    // 2. Models: the recommended one is preselected; the VAD model downloads by itself.
    await page.getByTestId('step-model').waitFor();
    expect(
      await page
        .getByRole('radio', { name: new RegExp(`^${recommended.replace('.', '\\.')} ·`) })
        .isChecked(),
    ).toBe(true);
    // Why that model: this machine's cores and memory, in the recommendation's own words.
    const machine = currentMachine();
    expect(await page.getByTestId('recommendation-reason').textContent()).toBe(
      `Why: ${recommendModel(machine).reason}.`,
    );
    expect(await page.getByTestId('recommendation-reason').textContent()).toContain(
      `${machine.cpuCores} core`,
    );
    // Parakeet is offered beside Whisper, with what it cannot do and NVIDIA's attribution.
    const parakeet = page.getByRole('radio', { name: /^parakeet-tdt-0\.6b-v3-q8_0 · / });
    await parakeet.waitFor();
    const parakeetText = await page.getByTestId('model-choice').textContent();
    expect(parakeetText).toContain(
      'Parakeet · 25 languages, detected by the model · no prompt · no translation',
    );
    expect(parakeetText).toContain('Parakeet TDT 0.6B v3 by NVIDIA, licensed under CC-BY-4.0');
    await screenshot(page, 'setup-model-choice-light', { fullPage: false });
    expect(await page.getByTestId('setup-next').isDisabled()).toBe(true);
    await page.getByTestId('vad-installed').waitFor();
    expect(readFileSync(runtime.vadModelPath).length).toBe(VAD_MODEL.sizeBytes);

    await page.getByTestId('setup-download').click();
    // The first connection drops at 40 %; the download goes on from there after a short wait.
    const card = page.locator(`[data-testid=download-card][data-download="${recommendedFile}"]`);
    await card.locator('[data-testid=download-speed]', { hasText: 'left' }).waitFor({ timeout: 20_000 });
    const bytesText = await card.getByTestId('download-bytes').textContent();
    expect(bytesText).toMatch(/ of 27\.\d MB \(\d+ %\)/);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'setup-download-light', { fullPage: false });
    await page.getByTestId('model-ready').waitFor({ timeout: 20_000 });
    const ranged = server.requests.filter((r) => r.path === `/${recommendedFile}`);
    expect(ranged.length).toBe(2);
    // Resumed from what had arrived (the last bytes in flight when the socket died may be lost), not from 0.
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(ranged[1]!.range ?? '')?.[1]);
    expect(resumedAt).toBeGreaterThan(dropAt * 0.9);
    expect(resumedAt).toBeLessThanOrEqual(dropAt);
    expect(server.sentBytes(`/${recommendedFile}`)).toBe(dropAt + micro.length - resumedAt);
    // The first model became the active one, and the engine loaded it without a restart.
    expect(runtime.settings.get().speech.model).toBe(recommendedFile);
    await until(() => runtime.readiness() === null, 'the engine to load the downloaded model');
    expect(runtime.engine.loadedModel?.path).toBe(path.join(runtime.paths.modelsDir, recommendedFile));
    await page.getByTestId('setup-next').click();

    // 3. The shortcut, saved to the settings.
    await page.getByTestId('step-hotkey').waitFor();
    await page.getByTestId('setting-hotkey-toggle').fill('CommandOrControl+Alt+D');
    await page.getByTestId('setup-save-hotkeys').click();
    await until(() => runtime.settings.get().hotkeys.toggle === 'CommandOrControl+Alt+D', 'the shortcut');
    await page.getByTestId('setup-next').click();

    // 4. A test dictation through the real pipeline shows its transcript.
    await page.getByTestId('step-test').waitFor();
    await page.getByTestId('setup-start').click();
    const stopSpeech = play(4);
    await page.getByRole('button', { name: 'Stop' }).waitFor();
    await new Promise((resolve) => setTimeout(resolve, 4000));
    await page.getByRole('button', { name: 'Stop' }).click();
    stopSpeech();
    await page.getByTestId('setup-transcript').waitFor({ timeout: 20_000 });
    expect((await page.getByTestId('setup-transcript').textContent())?.trim().length).toBeGreaterThan(0);
    await screenshot(page, 'setup-test-light', { fullPage: false });
    await page.getByTestId('setup-done').click();
    await page.getByTestId('setup').waitFor({ state: 'detached' });
    expect(await page.getByTestId('setup-banner').count()).toBe(0);

    // Models view: a model missing on the server fails with a clear message.
    await page.getByRole('tab', { name: 'Models' }).click();
    await page.getByRole('button', { name: `Download ${missingModel}`, exact: true }).click();
    const notFound = page.getByTestId('download-error');
    await notFound.waitFor();
    expect(await notFound.textContent()).toMatch(/was not found at .*HTTP 404/);

    // Pause and resume: the download stops, then goes on from the bytes it has.
    await page.getByRole('button', { name: `Download ${pausedModel}`, exact: true }).click();
    const slow = page.locator(`[data-testid=download-card][data-download="${pausedFile}"]`);
    await slow.locator('[data-testid=download-speed]', { hasText: 'left' }).waitFor();
    await slow.getByRole('button', { name: 'Pause' }).click();
    await page
      .locator(`[data-testid=download-card][data-download="${pausedFile}"][data-state=paused]`)
      .waitFor();
    const sentWhilePaused = server.sentBytes(`/${pausedFile}`);
    expect(sentWhilePaused).toBeLessThan(vocabBytes.length);
    await slow.getByRole('button', { name: 'Resume' }).click();
    await page
      .locator(`[data-testid=installed-model][data-model="${pausedModel}"]`)
      .waitFor({ timeout: 15_000 });
    const pausedRequests = server.requests.filter((r) => r.path === `/${pausedFile}`);
    expect(pausedRequests.length).toBe(2);
    expect(Number(/^bytes=(\d+)-$/.exec(pausedRequests[1]!.range ?? '')?.[1])).toBeGreaterThan(0);
    expect(readFileSync(path.join(runtime.paths.modelsDir, pausedFile)).equals(vocabBytes)).toBe(true);

    // A damaged file (one byte changed on disk, same size) is shown as damaged, not as installed, and
    // "Download again" replaces it with the verified file.
    const pausedPath = path.join(runtime.paths.modelsDir, pausedFile);
    const altered = Buffer.from(vocabBytes);
    altered[altered.length - 10]! ^= 0xff;
    writeFileSync(pausedPath, altered);
    await page.reload();
    await page.getByRole('tab', { name: 'Models' }).click();
    const damaged = page.locator(
      `[data-testid=installed-model][data-model="${pausedModel}"][data-damaged=true]`,
    );
    await damaged.waitFor();
    expect(await damaged.getByTestId('damaged-reason').textContent()).toMatch(/its SHA-256 is [0-9a-f]{64}/);
    await page.getByRole('button', { name: `Download ${pausedModel} again`, exact: true }).click();
    await page
      .locator(`[data-testid=installed-model][data-model="${pausedModel}"][data-damaged=false]`)
      .waitFor({ timeout: 15_000 });
    expect(readFileSync(pausedPath).equals(vocabBytes)).toBe(true);
    expect(
      await page.getByRole('button', { name: `Download ${pausedModel}`, exact: true }).textContent(),
    ).toBe('Installed');

    // Import: a random file is refused with its reason; the vocab-only fixture model is accepted.
    const junk = path.join(temp.dir, 'notes.bin');
    writeFileSync(junk, randomBytes(4096));
    const importPath = page.getByTestId('import-path-speech_model');
    await importPath.fill(junk);
    await page.getByTestId('import-section').getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-error').waitFor();
    expect(await page.getByTestId('import-error').textContent()).toContain(`${junk} is `);
    expect(existsSync(path.join(runtime.paths.modelsDir, 'notes.bin'))).toBe(false);
    await importPath.fill(fixtures.vocabOnlyModel);
    await page.getByTestId('import-section').getByRole('button', { name: 'Import' }).click();
    const vocab = page.locator('[data-testid=installed-model][data-model="tiny.en-vocab-only"]');
    await vocab.waitFor();
    await screenshot(page, 'models-light');

    // Set active: the engine reloads with it; the model in use cannot be deleted.
    const downloaded = page.locator(`[data-testid=installed-model][data-model="${recommended}"]`);
    expect(await downloaded.getByRole('button', { name: `Delete ${recommended}` }).isDisabled()).toBe(true);
    await vocab.getByRole('button', { name: 'Use' }).click();
    await page
      .locator('[data-testid=installed-model][data-model="tiny.en-vocab-only"][data-active=true]')
      .waitFor();
    await until(
      () => runtime.engine.loadedModel?.path.endsWith('ggml-tiny.en-vocab-only.bin') === true,
      'the engine to load the imported model',
    );
    expect(runtime.readiness()).toBeNull();

    // Delete the model no longer in use: it leaves the list and the disk.
    await downloaded.getByRole('button', { name: `Delete ${recommended}` }).click();
    await downloaded.waitFor({ state: 'detached' });
    expect(existsSync(path.join(runtime.paths.modelsDir, recommendedFile))).toBe(false);

    const dark = await openWindow('dark');
    await dark.page.getByRole('tab', { name: 'Models' }).click();
    await dark.page.getByTestId('installed-list').waitFor();
    await screenshot(dark.page, 'models-dark');
    await dark.page.getByTestId('open-setup').click();
    await dark.page.getByTestId('step-microphone').waitFor();
    await screenshot(dark.page, 'setup-microphone-dark', { fullPage: false });
    await dark.page.close();
    await page.close();
    expect(errors).toEqual([]);
    expect(dark.errors).toEqual([]);
  }, 90_000);
});
