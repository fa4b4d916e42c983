import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudioFile } from '../../src/audio/open-audio.js';
import { dictationAudioDir } from '../../src/services/history/history-audio-service.js';
import { chromiumLaunchOptions } from '../helpers/browser.js';
import { fixtures } from '../helpers/fixtures.js';
import { startHeadlessRuntime, type HeadlessRuntime } from '../helpers/headless-app.js';
import { screenshot } from '../helpers/screenshots.js';

// The window in Chromium over the loopback bridge, driving the whole app (createAppRuntime: the engine
// process with Silero VAD and whisper.cpp, the delivery stage, the SQLite history, the kept audio).
// Only the microphone is replaced: the test pushes speech (jfk.wav) into the pipeline. The dictation
// is then played back from its kept audio and transcribed again with another installed model, in an
// engine process of its own.
const SR = 16000;
let browser: Browser;
let app: HeadlessRuntime;
let page: Page;

beforeAll(async () => {
  browser = await chromium.launch(chromiumLaunchOptions());
  app = await startHeadlessRuntime({
    model: fixtures.microModel,
    speech: { livePartials: false },
    // A second model in the models folder: the same miniature weights under another name.
    installModels: { 'ggml-micro-en-copy.bin': fixtures.microModel },
  });
}, 60_000);

afterAll(async () => {
  await page?.close();
  await browser?.close();
  await app?.close();
});

async function dictate(): Promise<string> {
  const jfk = await readAudioFile(fixtures.jfkWav);
  app.source.push(new Float32Array(SR));
  const delivered = new Promise<string>((resolve, reject) => {
    const off = app.runtime.core.subscribe((event) => {
      if (event.type === 'delivered') resolve(event.sessionId);
      if (event.type === 'no_speech') reject(new Error('the speech was not heard'));
      if (event.type === 'delivered' || event.type === 'no_speech') off();
    });
  });
  await page.getByRole('button', { name: 'Start dictation' }).click();
  await page.locator('[data-testid=phase][data-phase=recording]').waitFor();
  app.source.push(jfk.subarray(0, Math.round(2.6 * SR)));
  await page.getByRole('button', { name: 'Stop and transcribe' }).click();
  return delivered;
}

describe('a dictation played and transcribed again from its kept audio', () => {
  it('keeps the audio, plays it in the window, and transcribes it again with another model', async () => {
    page = await browser.newPage({ viewport: { width: 900, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(app.server.url);
    await page.locator('[data-testid=phase][data-phase=idle]').waitFor();
    const id = await dictate();
    const audioFile = path.join(dictationAudioDir(app.runtime.paths.dataDir), `${id}.wav`);
    await expect.poll(() => existsSync(audioFile), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => app.runtime.history.page().entries[0]?.audioMs ?? 0).toBeGreaterThan(2500);

    await page.getByRole('tab', { name: 'History' }).click();
    const item = page.getByTestId('history-item').first();
    await item.getByRole('button', { name: 'Play the recording' }).click();
    const player = item.getByTestId('history-audio');
    await player.waitFor();
    // Chromium decoded the kept WAV: its length is the recording's.
    await expect
      .poll(() => player.evaluate((audio) => (audio as HTMLAudioElement).duration), { timeout: 10_000 })
      .toBeGreaterThan(2.5);

    // Another model, kept beside the first text.
    await item.getByRole('button', { name: 'Transcribe again with another model' }).click();
    expect(await page.getByTestId('retranscribe-model').textContent()).toBe('micro-en-copy');
    await page.getByTestId('retranscribe-run').click();
    await page
      .getByText('Transcribed again: the new text is under the old one.')
      .waitFor({ timeout: 60_000 });
    const version = item.getByTestId('history-version');
    await version.waitFor();
    expect(await version.textContent()).toMatch(/^micro-en-copy: \S/);
    await screenshot(page, 'history-retranscribed-light', { fullPage: false });
    const added = app.runtime.history.page().entries[0]!;
    expect(added).toMatchObject({ id, model: 'micro-en' });
    expect(added.versions).toEqual([expect.objectContaining({ model: 'micro-en-copy' })]);
    expect(added.versions[0]!.text.trim().length).toBeGreaterThan(0);

    // Replacing: the new text becomes the entry's, the one it replaced stays among its versions.
    const before = added.text;
    await item.getByRole('button', { name: 'Transcribe again with another model' }).click();
    await page.getByLabel(/Replace the text/).check();
    await page.getByTestId('retranscribe-run').click();
    await page.getByText('Transcribed again: the text was replaced.').waitFor({ timeout: 60_000 });
    const replaced = app.runtime.history.page().entries[0]!;
    expect(replaced.model).toBe('micro-en-copy');
    expect(replaced.versions.map((v) => v.model)).toEqual(['micro-en-copy', 'micro-en']);
    expect(replaced.versions[1]!.text).toBe(before);
    await expect.poll(() => item.getByTestId('history-version').count()).toBe(2);

    // Clearing the history removes the audio too.
    await page.getByRole('button', { name: 'Clear history' }).click();
    await page.getByRole('button', { name: 'Delete all' }).click();
    await expect.poll(() => readdirSync(path.dirname(audioFile))).toEqual([]);
    expect(errors).toEqual([]);
  }, 180_000);
});
