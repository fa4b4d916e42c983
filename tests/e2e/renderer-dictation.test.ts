import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudioFile } from '../../src/audio/open-audio.js';
import { chromiumLaunchOptions } from '../helpers/browser.js';
import { fixtures, randomModel } from '../helpers/fixtures.js';
import { startHeadlessRuntime, type HeadlessRuntime } from '../helpers/headless-app.js';
import { screenshot } from '../helpers/screenshots.js';
import type { PushSource } from '../helpers/push-source.js';

// The window in Chromium, over the loopback bridge, driving the whole app as the desktop shell builds it
// (createAppRuntime: app core, DictationController, the engine process with Silero VAD and whisper.cpp,
// delivery, the SQLite history). Only the microphone is replaced: the test plays speech (jfk.wav) into
// the pipeline at real-time pace.

const SR = 16000;
let browser: Browser;
let jfk: Float32Array;

beforeAll(async () => {
  browser = await chromium.launch(chromiumLaunchOptions());
  jfk = await readAudioFile(fixtures.jfkWav);
});

afterAll(async () => {
  await browser?.close();
});

/** Plays audio into the pipeline in 100 ms blocks at real-time pace, looping, until stopped. */
function play(source: PushSource, audio: Float32Array, fromSeconds = 0): () => void {
  let offset = Math.round(fromSeconds * SR);
  const block = SR / 10;
  const timer = setInterval(() => {
    if (offset + block > audio.length) offset = 0;
    source.push(audio.subarray(offset, offset + block));
    offset += block;
  }, 100);
  return () => clearInterval(timer);
}

interface Snapshot {
  at: number;
  phase: string | null;
  timer: string | null;
  spinner: boolean;
  partial: string | null;
  last: string | null;
}

/** Records every change of what the status area shows, with the time it showed up. */
async function recordStatus(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: Snapshot[] = [];
    (window as unknown as { seen: Snapshot[] }).seen = seen;
    const text = (id: string) => document.querySelector(`[data-testid=${id}]`)?.textContent ?? null;
    const observe = () => {
      const now: Snapshot = {
        at: Date.now(),
        phase: document.querySelector('[data-testid=phase]')?.getAttribute('data-phase') ?? null,
        timer: text('recording-timer'),
        spinner: document.querySelector('[data-testid=transcribing]') !== null,
        partial: text('live-partial'),
        last: text('last-transcript'),
      };
      const last = seen.at(-1);
      const changed =
        !last ||
        (['phase', 'timer', 'spinner', 'partial', 'last'] as const).some((key) => last[key] !== now[key]);
      if (changed) seen.push(now);
    };
    new MutationObserver(observe).observe(document, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
  });
}

const snapshots = (page: Page) => page.evaluate(() => (window as unknown as { seen: Snapshot[] }).seen);

async function openWindow(app: HeadlessRuntime, colorScheme: 'light' | 'dark'): Promise<Page> {
  const page = await browser.newPage({ colorScheme, viewport: { width: 900, height: 560 } });
  await recordStatus(page);
  await page.goto(app.server.url);
  await page.locator('[data-testid=phase][data-phase=idle]').waitFor();
  return page;
}

/** Waits for the timer to reach `text` (mm:ss); on failure the error lists what the window showed meanwhile. */
async function timerShows(page: Page, text: string, timeout = 15_000): Promise<void> {
  const seconds = (mmss: string) => Number(mmss.slice(0, 2)) * 60 + Number(mmss.slice(3));
  try {
    await page.waitForFunction(
      ([target]) => {
        const shown = document.querySelector('[data-testid=recording-timer]')?.textContent;
        return shown ? Number(shown.slice(0, 2)) * 60 + Number(shown.slice(3)) >= (target ?? 0) : false;
      },
      [seconds(text)],
      { timeout },
    );
  } catch (error) {
    throw new Error(
      `the timer never reached ${text}; the window showed: ${JSON.stringify(await snapshots(page))}`,
      {
        cause: error,
      },
    );
  }
}

describe('recording timer and transcribing spinner', () => {
  let app: HeadlessRuntime;

  beforeAll(async () => {
    // A full-size random-weight model: whisper's real compute cost, so "transcribing" lasts long enough
    // to be seen (its text is gibberish or empty, and not checked here).
    app = await startHeadlessRuntime({
      model: randomModel('tiny.en', true),
      speech: { livePartials: false },
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('counts every second from 00:00, shows a spinner while transcribing, and hides and resets the timer', async () => {
    const light = await openWindow(app, 'light');
    const dark = await openWindow(app, 'dark');
    expect(await light.getByTestId('recording-timer').count()).toBe(0);

    await light.getByRole('button', { name: 'Start dictation' }).click();
    const stopPlaying = play(app.source, jfk, 0.2);
    await timerShows(light, '00:03');
    const since = app.runtime.dictation.status().recordingSince;
    expect(since).not.toBeNull();
    const level = Number(await light.getByTestId('level-meter').getAttribute('aria-valuenow'));
    expect(level).toBeGreaterThan(0);
    await timerShows(dark, '00:03');
    await screenshot(light, 'dictate-recording-light');
    await screenshot(dark, 'dictate-recording-dark');

    await light.getByRole('button', { name: 'Stop and transcribe' }).click();
    stopPlaying();
    await light.getByTestId('transcribing').waitFor({ timeout: 5000 });
    await screenshot(light, 'dictate-transcribing-light');
    if (await dark.getByTestId('transcribing').isVisible())
      await screenshot(dark, 'dictate-transcribing-dark');
    await light.locator('[data-testid=phase][data-phase=idle]').waitFor({ timeout: 60_000 });

    for (const page of [light, dark]) {
      const seen = await snapshots(page);
      const shown = seen.filter((s) => s.timer !== null);
      // Every second from 00:00, none skipped, each one when the wall clock says so.
      const values = shown.map((s) => s.timer);
      expect(values.slice(0, 4)).toEqual(['00:00', '00:01', '00:02', '00:03']);
      values.forEach((value, i) => expect(value).toBe(`00:${String(i).padStart(2, '0')}`));
      for (const [i, s] of shown.entries()) {
        if (i === 0) continue;
        const lateBy = s.at - ((since ?? 0) + i * 1000);
        expect(lateBy).toBeGreaterThanOrEqual(-20);
        expect(lateBy).toBeLessThan(600);
      }
      // The timer only while recording, the spinner only (and always) while transcribing.
      expect(seen.every((s) => (s.timer !== null) === (s.phase === 'recording'))).toBe(true);
      expect(seen.every((s) => s.spinner === (s.phase === 'transcribing'))).toBe(true);
      const phases = seen
        .map((s) => s.phase)
        .filter((p) => p !== null && p !== 'offline')
        .filter((p, i, all) => p !== all[i - 1]);
      expect(phases).toEqual(['idle', 'recording', 'transcribing', 'idle']);
      expect(seen.at(-1)?.timer).toBeNull();
    }

    // A second recording, started from the keyboard, starts again at 00:00; discarding it hides the timer.
    await light.evaluate(() => (window as unknown as { seen: unknown[] }).seen.splice(0));
    await light.getByRole('button', { name: 'Start dictation' }).focus();
    await light.keyboard.press('Space');
    const stopAgain = play(app.source, jfk, 0.2);
    await timerShows(light, '00:01');
    await light.getByRole('button', { name: 'Discard' }).click();
    stopAgain();
    await light.locator('[data-testid=phase][data-phase=idle]').waitFor();
    const again = await snapshots(light);
    expect(again.find((s) => s.timer !== null)?.timer).toBe('00:00');
    expect(again.at(-1)).toMatchObject({ phase: 'idle', timer: null, spinner: false });
    expect(again.some((s) => s.phase === 'transcribing')).toBe(false);
    await light.close();
    await dark.close();
  });
});

describe('live text, final transcript and history', () => {
  let app: HeadlessRuntime;

  beforeAll(async () => {
    // The miniature English model: real words (not accurate ones), fast, with live partial text on.
    app = await startHeadlessRuntime({ model: fixtures.microModel, speech: { livePartials: true } });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('shows partial text while speaking, replaces it with the final text, and saves it to history', async () => {
    const page = await openWindow(app, 'light');
    await page.getByRole('button', { name: 'Start dictation' }).click();
    const stopPlaying = play(app.source, jfk.subarray(0, 5 * SR));
    await page.waitForFunction(
      () => (document.querySelector('[data-testid=live-partial]')?.textContent ?? '').length > 0,
      null,
      {
        timeout: 15_000,
      },
    );
    await screenshot(page, 'dictate-partial-light');
    await timerShows(page, '00:05');
    await page.getByRole('button', { name: 'Stop and transcribe' }).click();
    stopPlaying();
    await page.locator('[data-testid=phase][data-phase=idle]').waitFor({ timeout: 60_000 });

    const deliveredEvent = app.events.findLast((e) => e.type === 'delivered');
    const delivered = deliveredEvent?.type === 'delivered' ? deliveredEvent.text : '';
    expect(delivered.trim().length).toBeGreaterThan(0);
    await page.getByTestId('last-transcript').waitFor();
    expect(await page.getByTestId('last-transcript').textContent()).toBe(delivered);
    expect(await page.getByTestId('live-partial').count()).toBe(0);
    // Where the text could not be pasted (no desktop session here), the window says so beside it.
    if (deliveredEvent?.type === 'delivered' && deliveredEvent.notice) {
      expect(await page.getByTestId('delivery-notice').textContent()).toBe(deliveredEvent.notice);
    }
    const seen = await snapshots(page);
    // Partial text came first (while recording), and the final text replaced it.
    const firstPartial = seen.findIndex((s) => s.partial !== null);
    const firstFinal = seen.findIndex((s) => s.last === delivered);
    expect(firstPartial).toBeGreaterThanOrEqual(0);
    expect(seen[firstPartial]?.phase).toBe('recording');
    expect(firstFinal).toBeGreaterThan(firstPartial);
    expect(seen[firstFinal]?.partial).toBeNull();
    await screenshot(page, 'dictate-final-light');

    // Saved in the real history, and shown there without a reload.
    expect(app.runtime.history.page().entries[0]?.text).toBe(delivered);
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByTestId('history-item').first().waitFor();
    expect(await page.getByTestId('history-text').first().textContent()).toBe(delivered);

    // A window opened later still shows the last transcript (it comes with the app's state).
    const later = await openWindow(app, 'dark');
    expect(await later.getByTestId('last-transcript').textContent()).toBe(delivered);
    await screenshot(later, 'dictate-final-dark');
    await page.close();
    await later.close();
  });
});
