import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../helpers/browser.js';
import { fixtures, makeTempDir, tinyParakeetModel } from '../helpers/fixtures.js';
import { startHeadlessRuntime, type HeadlessRuntime } from '../helpers/headless-app.js';
import { screenshot } from '../helpers/screenshots.js';

// Settings → Speech recognition in Chromium, over the bridge, with the whole app behind it (engine
// process, whisper.cpp and parakeet.cpp, model manager, settings). Installed: the vocab-only Whisper
// fixture, a tiny random-weight Parakeet model, and that Parakeet file cut in half (its header still
// says Parakeet, so it is listed; the engine refuses to load it).
const WHISPER = 'ggml-tiny.en-vocab-only.bin';
const PARAKEET = 'ggml-parakeet-tiny.bin';
const BROKEN = 'ggml-parakeet-cut.bin';
const temp = makeTempDir('dictation-model-picker-');
let browser: Browser;
let app: HeadlessRuntime;

beforeAll(async () => {
  const parakeet = tinyParakeetModel();
  const cut = path.join(temp.dir, BROKEN);
  const bytes = readFileSync(parakeet);
  writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
  app = await startHeadlessRuntime({
    model: WHISPER,
    speech: { useGpu: false },
    installModels: { [WHISPER]: fixtures.vocabOnlyModel, [PARAKEET]: parakeet, [BROKEN]: cut },
  });
  browser = await chromium.launch(chromiumLaunchOptions());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  temp.cleanup();
});

async function speechSettings(colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await browser.newPage({ colorScheme, viewport: { width: 900, height: 1000 } });
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(app.server.url);
  await page.locator('[data-testid=phase][data-phase=idle]').waitFor();
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByTestId('setting-model').waitFor();
  return page;
}

const status = (page: Page) => page.getByTestId('model-status');

async function choose(page: Page, name: string): Promise<void> {
  await page.getByTestId('setting-model').click();
  await page.locator(`[data-testid=model-option][data-model="${name}"]`).click();
}

async function save(page: Page, file: string): Promise<void> {
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect.poll(() => app.runtime.settings.get().speech.model, { timeout: 10_000 }).toBe(file);
}

describe('the model picker', () => {
  it('lists the installed models with what each can do, and switches to Parakeet without a restart', async () => {
    const page = await speechSettings();
    await status(page).filter({ hasText: 'tiny.en-vocab-only is loaded and used for dictation.' }).waitFor();
    expect(await status(page).getAttribute('data-severity')).toBe('success');
    await status(page).scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-model-picker-whisper-light', { fullPage: false });

    // The picker: family, size, languages, prompt and translation of each file, from its header.
    await page.getByTestId('setting-model').click();
    const options = page.getByTestId('model-option');
    await options.first().waitFor();
    const texts = await options.allTextContents();
    // whisper.cpp's tiny Parakeet generator makes an English-only model of its own shape.
    const parakeetFacts =
      'Parakeet custom (2 encoder layers, 64 wide) · English only · no prompt · no translation';
    expect(texts.map((t) => t.replace(/ · \d+ KB/, ''))).toEqual([
      `parakeet-cut${parakeetFacts}`,
      `parakeet-tiny${parakeetFacts}`,
      'tiny.en-vocab-onlyWhisper tiny · English only · takes a prompt · no translation',
    ]);
    expect(texts[2]).toContain(' · 587 KB · ');
    await screenshot(page, 'settings-model-picker-open-light', { fullPage: false });
    await page.locator('[data-testid=model-option][data-model="parakeet-tiny"]').click();

    // What Parakeet cannot do is said where it is asked for, before saving.
    await page.getByText(/^Parakeet cannot translate: speech is transcribed in its own language/).waitFor();
    await page.getByText(/^Parakeet takes no initial prompt: this text is not used with it/).waitFor();
    await page.getByText(/^Parakeet detects the language itself \(this one knows English only\)/).waitFor();

    const enginePid = app.runtime.engine.pid;
    await save(page, PARAKEET);
    await status(page).filter({ hasText: 'parakeet-tiny is loaded and used for dictation.' }).waitFor({
      timeout: 30_000,
    });
    expect(app.runtime.engine.loadedModel).toMatchObject({ family: 'parakeet', takesPrompt: false });
    expect(app.runtime.engine.pid).toBe(enginePid);
    await page.getByTestId('setting-translate').scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-model-picker-parakeet-light', { fullPage: false });
    await page.close();
  });

  it('shows a model that fails to load as such, with the reason and what to do', async () => {
    const page = await speechSettings();
    const before = path.basename(app.runtime.engine.loadedModel!.path);
    await choose(page, 'parakeet-cut');
    await save(page, BROKEN);
    const failed = status(page).filter({ hasText: 'parakeet-cut could not be loaded:' });
    await failed.waitFor({ timeout: 30_000 });
    expect(await failed.getAttribute('data-severity')).toBe('error');
    const text = (await failed.textContent()) ?? '';
    expect(text).toMatch(/truncated Parakeet model/);
    // The model loaded before stays in use, and the window says so.
    expect(text).toMatch(/^parakeet-cut could not be loaded: .* is a truncated Parakeet model: .*\. /);
    expect(text).toContain(
      `Dictation uses ${before} meanwhile. The file is incomplete: download or import it again in the Models tab`,
    );
    expect(path.basename(app.runtime.engine.loadedModel!.path)).toBe(before);
    await status(page).scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-model-picker-failed-light', { fullPage: false });
    await page.close();
  });

  it('shows a chosen model that is not installed as missing, with what to do', async () => {
    // Another window (or the settings file) names a model that is not in the models folder.
    const saved = await app.runtime.core.handle({
      type: 'settings_update',
      patch: { speech: { model: 'ggml-small.en.bin' } },
    });
    expect(saved.ok).toBe(true);
    const page = await speechSettings('dark');
    const missing = status(page).filter({ hasText: 'ggml-small.en.bin is not in the models folder.' });
    await missing.waitFor();
    expect(await missing.getAttribute('data-severity')).toBe('warning');
    expect(await missing.textContent()).toContain(
      'Choose an installed model here, or download this one in the Models view.',
    );
    expect(await page.getByTestId('setting-model').textContent()).toBe('ggml-small.en.bin · not installed');
    await status(page).scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-model-picker-missing-dark', { fullPage: false });
    // Choosing an installed one clears it.
    await choose(page, 'tiny.en-vocab-only');
    await save(page, WHISPER);
    await status(page).filter({ hasText: 'tiny.en-vocab-only is loaded and used for dictation.' }).waitFor({
      timeout: 30_000,
    });
    await page.close();
  });
});
