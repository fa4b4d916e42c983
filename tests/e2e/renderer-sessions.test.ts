import { createServer, type Server } from 'node:net';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HeadlessServer } from '../../src/main/hosts/headless/headless-server.js';
import { repairSessions } from '../../src/services/recording/session-repair.js';
import { startAppInChromium, type AppInChromium } from '../helpers/app-in-chromium.js';
import { parseVttStrict } from '../helpers/caption-parsers.js';
import { makeTempDir } from '../helpers/fixtures.js';
import { screenshot, screenshotDir } from '../helpers/screenshots.js';
import { seedSession, type SessionsApp } from '../helpers/sessions-app.js';

// The built window (dist/renderer) in Debian's Chromium over the loopback bridge, against the whole app
// runtime (engine + micro model, settings file, the Integrations service with the real event API and
// SessionRecorder). Sessions are written by the real SessionRecorder and repaired by the real repair.
// A browser page has no save dialog, so exports take a typed path, as they must here.
let browser: Browser;
let app: SessionsApp;
let server: HeadlessServer;
let running: AppInChromium;
const out = makeTempDir('dictation-sessions-ui-');
const port = 20_000 + Math.floor(Math.random() * 20_000);

beforeAll(async () => {
  running = await startAppInChromium({ integrations: { eventApiPort: port } });
  ({ app, server, browser } = running);
}, 60_000);

afterAll(async () => {
  await running?.close();
  out.cleanup();
});

async function openTab(name: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await browser.newPage({ colorScheme, viewport: { width: 900, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(server.url);
  await page.getByRole('tab', { name }).click();
  expect(errors).toEqual([]);
  return page;
}

const integrations = (page: Page) => page.getByRole('group', { name: 'Integrations' });

/** The Integrations section alone (the settings page is long). */
async function sectionShot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await integrations(page).screenshot({
    path: path.join(screenshotDir, `${name}.png`),
    animations: 'disabled',
  });
}

async function saveSettings(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Settings saved.').waitFor();
}

describe('the Integrations settings and the Sessions view', () => {
  it('shows an empty Sessions view that says how to turn recording on', async () => {
    const page = await openTab('Sessions');
    const empty = page.getByTestId('sessions-empty');
    await empty.getByText('No recorded sessions yet.').waitFor();
    expect(await empty.textContent()).toContain('Turn on “Record sessions” in Settings → Integrations');
    await screenshot(page, 'sessions-empty-light');
    await empty.getByRole('button', { name: 'Open Settings' }).click();
    await integrations(page).waitFor();
    await page.close();
  });

  it('turns the event API on, shows it listening with a masked token that can be revealed and replaced', async () => {
    const page = await openTab('Settings');
    const section = integrations(page);
    await section.scrollIntoViewIfNeeded();
    const status = page.getByTestId('event-api-status');
    expect(await status.getAttribute('data-state')).toBe('off');
    expect(await section.getByTestId('setting-event-api').isChecked()).toBe(false);
    await sectionShot(page, 'settings-integrations-off-light');

    await section.getByTestId('setting-event-api').check();
    await section.getByTestId('setting-record-sessions').check();
    await section.getByTestId('event-api-origin-input').fill('http://localhost:3000/');
    await section.getByRole('button', { name: 'Add', exact: true }).click();
    await saveSettings(page);
    await page.locator('[data-testid=event-api-status][data-state=listening]').waitFor();
    expect(await status.textContent()).toContain(`Listening on 127.0.0.1:${port}`);
    expect(await page.getByTestId('event-api-address').textContent()).toContain(
      `ws://127.0.0.1:${port}/events`,
    );
    expect(app.runtime.settings.get().integrations).toMatchObject({
      eventApiEnabled: true,
      recordSessions: true,
      eventApiAllowedOrigins: ['http://localhost:3000'],
    });

    const token = app.runtime.settings.get().integrations.eventApiToken;
    const field = page.getByTestId('event-api-token');
    await expect.poll(() => field.inputValue()).toMatch(/^•+$/);
    await page.getByTestId('event-api-token-reveal').click();
    expect(await field.inputValue()).toBe(token);
    await sectionShot(page, 'settings-integrations-listening-light');

    await page.getByTestId('event-api-token-regenerate').click();
    await page.getByTestId('event-api-token-confirm').click();
    await expect.poll(() => app.runtime.settings.get().integrations.eventApiToken).not.toBe(token);
    const replaced = app.runtime.settings.get().integrations.eventApiToken;
    await expect.poll(() => field.inputValue()).toBe(replaced);
    await page.close();
  });

  it('says when the port is taken and what to do', async () => {
    const blocker: Server = createServer();
    const taken = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)),
    );
    const page = await openTab('Settings', 'dark');
    try {
      await page.getByTestId('setting-event-api-port').fill(String(taken));
      // The app's notice about the port replaces "Settings saved.": the status line is what to watch.
      await page.getByRole('button', { name: 'Save settings' }).click();
      const failed = page.locator('[data-testid=event-api-status][data-state=failed]');
      await failed.waitFor();
      expect(await failed.textContent()).toContain(`Port ${taken} is already in use`);
      expect(await failed.textContent()).toContain('Choose another port');
      // The app also raises a notice; closed so the section's own line is what the screenshot shows.
      const notice = page.getByTestId('notice');
      expect(await notice.textContent()).toContain(`Port ${taken} is already in use`);
      await notice.getByRole('button', { name: 'Close' }).click();
      await notice.waitFor({ state: 'detached' });
      await sectionShot(page, 'settings-integrations-port-in-use-dark');
    } finally {
      blocker.close();
    }
    await page.getByTestId('setting-event-api-port').fill(String(port));
    await saveSettings(page);
    await page.locator('[data-testid=event-api-status][data-state=listening]').waitFor();
    await page.close();
  });

  it('lists recorded sessions (one in progress, one repaired), exports captions to a typed path and deletes', async () => {
    const dir = app.paths.sessionsDir;
    vi.useFakeTimers({ toFake: ['Date'] });
    let finished: string;
    try {
      vi.setSystemTime(new Date('2025-03-11T09:14:00Z'));
      seedSession(dir, [{ seconds: 4, offsetMs: 200, speechMs: 3000, text: 'killed mid-session' }], {
        stop: false,
        model: 'ggml-small.en.bin',
      });
      vi.setSystemTime(new Date('2025-03-12T16:40:00Z'));
      finished = seedSession(
        dir,
        [
          { seconds: 2, offsetMs: 300, speechMs: 1200, text: 'first one' },
          { seconds: 3, offsetMs: 500, speechMs: 2000, text: 'second one' },
        ],
        { stop: true, language: 'auto' },
      );
    } finally {
      vi.useRealTimers();
    }
    // What the app's next start does with the session a killed app left behind.
    expect(repairSessions(dir)).toHaveLength(1);
    await app.dictate();

    const page = await openTab('Sessions');
    const cards = page.getByTestId('session-card');
    await cards.nth(2).waitFor();
    expect(await cards.count()).toBe(3);
    const live = page.locator('[data-testid=session-card][data-in-progress=true]');
    expect(await live.getByTestId('session-in-progress').textContent()).toBe('Recording now');
    expect(await live.getByTestId('session-details').textContent()).toContain('1 dictation ·');
    const done = page.locator(`[data-session-id="${finished}"]`);
    expect(await done.getByTestId('session-details').textContent()).toBe(
      'Length 5.0 s · 2 dictations · ggml-base.en.bin · language detected',
    );
    expect(await page.getByTestId('session-repaired').count()).toBe(1);
    await screenshot(page, 'sessions-list-light');

    await done.getByTestId('session-export').click();
    await page.getByTestId('session-export-vtt').click();
    const target = path.join(out.dir, 'meeting.vtt');
    await page.getByTestId('session-export-path').fill(target);
    await page.getByTestId('session-export-save').click();
    await page.getByText(`Saved ${target}.`).waitFor();
    const cues = parseVttStrict(readFileSync(target, 'utf8'));
    expect(cues.map((c) => [c.startMs, c.endMs, c.text])).toEqual([
      [300, 1500, 'first one'],
      [2500, 4500, 'second one'],
    ]);

    // Opening a recording needs the desktop shell: here the window says so.
    await done.getByRole('button', { name: 'Open recording' }).click();
    await page.getByText('Only the desktop app can do this').waitFor();

    expect(await live.getByTestId('session-delete').isDisabled()).toBe(true);
    const folder = (await done.getByTestId('session-folder').textContent()) ?? '';
    expect(path.dirname(folder)).toBe(dir);
    await done.getByTestId('session-delete').click();
    await page.getByTestId('session-delete-confirm').click();
    await expect.poll(() => cards.count()).toBe(2);
    expect(existsSync(folder)).toBe(false);

    const dark = await openTab('Sessions', 'dark');
    await dark.getByTestId('session-card').nth(1).waitFor();
    await screenshot(dark, 'sessions-list-dark');
    await dark.close();
    await page.close();
  });
});
