import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobQueue } from '../../src/services/jobs/job-queue.js';
import type { JobState } from '../../src/shared/jobs.js';
import { chromiumLaunchOptions } from '../helpers/browser.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { startHeadlessApp, type HeadlessApp } from '../helpers/headless-app.js';
import { writeLoopedSpeech, writeSpeechClips } from '../helpers/jobs.js';
import { screenshot } from '../helpers/screenshots.js';
import { UnavailableDictation } from '../helpers/unavailable-dictation.js';

// The built window (dist/renderer) in Debian's Chromium, over the loopback bridge, against the real app
// core with a real JobQueue on the real SQLite database: the jobs run in the real engine process with the
// micro model (real text with timestamps) on real WAV files. The window is a browser page, so dropped
// files have no path and the "Add files by path" field is the honest way in; the desktop-only actions
// (open output, show in folder) must say they are unavailable here.
const ORDER: readonly JobState[] = ['processing', 'pending', 'failed', 'completed', 'cancelled'];

let browser: Browser;
let app: HeadlessApp;
let queue: JobQueue;
const temp = makeTempDir('dictation-jobs-ui-');
const audio = path.join(temp.dir, 'audio');
let files: { long: string; second: string; clips: string[]; broken: string };

beforeAll(async () => {
  files = {
    long: await writeLoopedSpeech(path.join(audio, 'long-talk.wav'), 150),
    second: await writeLoopedSpeech(path.join(audio, 'second-talk.wav'), 120),
    clips: await writeSpeechClips(audio, 2, { minSec: 3, maxSec: 4, prefix: 'clip' }),
    broken: path.join(audio, 'broken.wav'),
  };
  // A WAV whose header promises a format chunk that is garbage: accepted at the door, fails in the engine.
  const header = Buffer.from('RIFF\u0024\u0010\u0000\u0000WAVEfmt \u00ff\u00ff\u00ff\u00ff', 'latin1');
  writeFileSync(files.broken, Buffer.concat([header, Buffer.alloc(4096, 0x5a)]));
  app = await startHeadlessApp({
    dictation: new UnavailableDictation('no microphone in this test.'),
    jobs: (db) => {
      queue = new JobQueue({
        db,
        limits: { cores: 2, maxJobs: 1 },
        defaults: () => ({
          modelPath: fixtures.microModel,
          language: 'en',
          outputDir: path.join(temp.dir, 'out'),
        }),
      });
      return queue;
    },
  });
  queue.start();
  browser = await chromium.launch(chromiumLaunchOptions());
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  temp.cleanup();
});

async function openFiles(colorScheme: 'light' | 'dark'): Promise<Page> {
  const page = await browser.newPage({ colorScheme, viewport: { width: 900, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(app.server.url);
  await page.getByRole('tab', { name: 'Files' }).click();
  await page.getByTestId('jobs-view').waitFor();
  expect(errors).toEqual([]);
  return page;
}

const card = (page: Page, file: string) =>
  page.getByTestId('job-card').filter({ hasText: path.basename(file) });
// One evaluate: the query and the reads happen in the same task, so a re-sort cannot fall between them
// (a locator's evaluateAll queries first and reads in a second round trip).
const states = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('[data-testid=job-card]')].map(
      (card) => card.getAttribute('data-state') ?? '',
    ),
  );
const chipColor = (page: Page, file: string) =>
  card(page, file)
    .getByTestId('job-state')
    .evaluate((chip) => getComputedStyle(chip).backgroundColor);
const progressOf = async (page: Page, file: string) =>
  Number(await card(page, file).getByTestId('job-progress').getAttribute('data-progress'));

function expectSorted(seen: readonly string[]): void {
  const ranks = seen.map((state) => ORDER.indexOf(state as JobState));
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
}

async function addByPath(page: Page, paths: readonly string[]): Promise<void> {
  await page.getByTestId('add-path-input').fill(paths.join('\n'));
  await page.getByRole('button', { name: 'Add', exact: true }).click();
}

/** Waits for a condition on the page while checking, at every look, that the cards stay sorted. */
async function watchSorted(page: Page, until: () => Promise<boolean>, timeoutMs = 40_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let looks = 0;
  for (;;) {
    expectSorted(await states(page));
    looks++;
    if (await until()) return looks;
    if (Date.now() > deadline) throw new Error('timed out waiting on the job cards');
    await page.waitForTimeout(100);
  }
}

describe('file jobs in the window', () => {
  it('refuses dropped files with the reason, runs added files with pushed progress, sorted cards and coloured chips', async () => {
    const page = await openFiles('light');
    await page.getByTestId('jobs-empty').waitFor();

    // Drop two files on the view: the text file is refused for its kind, the WAV for having no path here.
    const dropped = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['RIFF'], 'dropped-talk.wav', { type: 'audio/wav' }));
      transfer.items.add(new File(['hello'], 'notes.txt', { type: 'text/plain' }));
      return transfer;
    });
    await page.dispatchEvent('[data-testid=jobs-view]', 'dragover', { dataTransfer: dropped });
    expect(await page.getByTestId('jobs-view').getAttribute('data-dragging')).toBe('true');
    await page.dispatchEvent('[data-testid=jobs-view]', 'drop', { dataTransfer: dropped });
    const rejected = page.getByTestId('job-rejected');
    await rejected.nth(1).waitFor();
    const reasons = await rejected.allTextContents();
    expect(reasons.find((r) => r.includes('notes.txt'))).toContain('.txt files are not audio or video');
    expect(reasons.find((r) => r.includes('dropped-talk.wav'))).toContain('cannot see where dropped files');
    expect(await page.getByTestId('job-card').count()).toBe(0);
    await screenshot(page, 'jobs-dropped-light');

    // The honest way in from a browser: paths. One is missing: the app refuses it at once, with why.
    const missing = path.join(audio, 'not-there.mp3');
    await addByPath(page, [files.long, ...files.clips, files.broken, missing]);
    await page.getByTestId('job-rejected').filter({ hasText: 'not-there.mp3' }).waitFor();
    await page.getByTestId('job-card').nth(3).waitFor();
    expect(await page.getByTestId('job-card').count()).toBe(4);
    expect(await card(page, files.long).getByTestId('job-details').textContent()).toContain('Length 2:30');

    // Progress arrives pushed, goes up, and shows a time remaining, while the cards stay sorted.
    const pendingColor = await chipColor(page, files.clips[0] as string);
    await watchSorted(page, async () => (await progressOf(page, files.long)) > 0);
    const first = await progressOf(page, files.long);
    const processingColor = await chipColor(page, files.long);
    expect(await card(page, files.long).getAttribute('data-state')).toBe('processing');
    expect(await states(page)).toEqual(['processing', 'pending', 'pending', 'pending']);
    await card(page, files.long).getByTestId('job-remaining').waitFor();
    await screenshot(page, 'jobs-progress-light');
    await watchSorted(page, async () => (await progressOf(page, files.long)) > first + 10);

    // All settle: the clips complete, the broken file fails with the engine's reason, all stay sorted.
    await watchSorted(page, async () => {
      const seen = await states(page);
      return !seen.includes('processing') && !seen.includes('pending');
    });
    expect(await states(page)).toEqual(['failed', 'completed', 'completed', 'completed']);
    const failure = await card(page, files.broken).getByTestId('job-failure').textContent();
    expect(failure).toMatch(/broken\.wav/);
    expect(failure?.length).toBeGreaterThan(30);
    const completedColor = await chipColor(page, files.long);
    const failedColor = await chipColor(page, files.broken);
    expect(new Set([pendingColor, processingColor, completedColor, failedColor]).size).toBe(4);
    expect(await progressOf(page, files.long)).toBe(100);
    expect(queue.get(queue.list().find((j) => j.source === files.long)?.id ?? '')?.outputs[0]?.path).toMatch(
      /long-talk\.vtt$/,
    );

    // The transcript with timestamps; a click on a line shows when it is said.
    const longCard = card(page, files.long);
    await longCard.getByRole('button', { name: 'Show transcript', exact: true }).click();
    await longCard.getByTestId('transcript-segment').nth(2).click();
    expect(await longCard.getByTestId('segment-time').textContent()).toMatch(
      /^Selected: \d\d:\d\d\.\d\d – \d\d:\d\d\.\d\d$/,
    );
    await screenshot(page, 'jobs-done-light');

    // Export writes a new file next to the outputs through main's exports code.
    await longCard.getByRole('button', { name: 'Export…' }).click();
    await page.getByTestId('export-srt').click();
    await page.getByTestId('notice').filter({ hasText: 'Saved long-talk.srt' }).waitFor();
    const srt = readFileSync(path.join(temp.dir, 'out', 'long-talk.srt'), 'utf8');
    expect(srt).toMatch(/^1\r?\n\d\d:\d\d:\d\d,\d\d\d --> /);

    // Opening files needs the desktop: the headless app says so instead of pretending.
    await longCard.getByRole('button', { name: 'Open output' }).click();
    await page.getByTestId('notice').filter({ hasText: 'Only the desktop app can do this' }).waitFor();

    // Copy: this core has no clipboard, so the page's own is used.
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.server.origin });
    await longCard.getByRole('button', { name: 'Copy the transcript' }).click();
    await page.getByTestId('notice').filter({ hasText: 'Copied.' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.length).toBeGreaterThan(20);
    await page.close();
  }, 90_000);

  it('cancels a running job and retries it to completion; the dark theme reads well', async () => {
    const page = await openFiles('dark');
    await page.getByTestId('job-card').nth(3).waitFor();
    await addByPath(page, [files.second]);
    const second = card(page, files.second);
    await watchSorted(page, async () => (await progressOf(page, files.second)) > 0);
    await screenshot(page, 'jobs-progress-dark');
    await second.getByRole('button', { name: 'Cancel' }).click();
    await watchSorted(page, async () => (await second.getAttribute('data-state')) === 'cancelled');
    expect((await states(page)).at(-1)).toBe('cancelled');

    await second.getByRole('button', { name: 'Retry' }).click();
    await watchSorted(page, async () => (await second.getAttribute('data-state')) === 'completed');
    expect(await second.getByTestId('job-details').textContent()).toMatch(/Took \d+:\d\d/);
    await second.getByRole('button', { name: 'Show transcript', exact: true }).click();
    await second.getByTestId('transcript-segment').first().waitFor();
    await screenshot(page, 'jobs-done-dark');
    expect(existsSync(path.join(temp.dir, 'out', 'second-talk.vtt'))).toBe(true);
    await page.close();
  }, 60_000);
});
