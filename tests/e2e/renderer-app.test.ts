import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APP_PROTOCOL_VERSION } from '../../src/shared/app-ipc.js';
import type { AppBackend } from '../../src/shared/app-protocol.js';
import { chromiumLaunchOptions } from '../helpers/browser.js';
import { startHeadlessApp, type HeadlessApp } from '../helpers/headless-app.js';
import { screenshot } from '../helpers/screenshots.js';
import { UnavailableDictation } from '../helpers/unavailable-dictation.js';

// The built window (dist/renderer) in Debian's Chromium, talking over the loopback bridge to the real
// app core: a real settings file and a real SQLite history. Dictation itself has its own browser test
// (renderer-dictation.test.ts); here the core has no microphone pipeline and says so when asked.
let browser: Browser;
const apps: HeadlessApp[] = [];
const pages: Page[] = [];

beforeAll(async () => {
  browser = await chromium.launch(chromiumLaunchOptions());
});

afterEach(async () => {
  for (const page of pages.splice(0)) await page.close();
  for (const app of apps.splice(0)) await app.close();
});

afterAll(async () => {
  await browser?.close();
});

/** Counts the requests the window sends, by type, on their way to the real core. */
function counting(core: AppBackend, counts: Map<string, number>): AppBackend {
  return {
    protocolVersion: core.protocolVersion,
    handle: (request) => {
      const type = (request as { type?: string }).type ?? '?';
      counts.set(type, (counts.get(type) ?? 0) + 1);
      return core.handle(request);
    },
    subscribe: (listener) => core.subscribe(listener),
  };
}

async function start(options: { wrap?: (core: AppBackend) => AppBackend } = {}): Promise<HeadlessApp> {
  const app = await startHeadlessApp({
    dictation: new UnavailableDictation('no microphone in this test.'),
    ...(options.wrap ? { wrapBackend: options.wrap } : {}),
  });
  apps.push(app);
  return app;
}

async function openWindow(
  app: HeadlessApp,
  colorScheme: 'light' | 'dark' = 'light',
  until = '[data-testid=phase][data-phase=idle]',
): Promise<Page> {
  const page = await browser.newPage({ colorScheme, viewport: { width: 900, height: 720 } });
  pages.push(page);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(app.server.url);
  await page.locator(until).waitFor();
  expect(errors).toEqual([]);
  return page;
}

const texts = (page: Page) => page.getByTestId('history-text').allTextContents();

describe('history', () => {
  it('lists the real history, searches it as the user types (debounced) and deletes entries', async () => {
    const counts = new Map<string, number>();
    const app = await start({ wrap: (core) => counting(core, counts) });
    const now = Date.now();
    const seed = [
      'Meeting notes about the quarterly budget review',
      'Call Priya about the Kubernetes upgrade on Friday',
      'Grocery list: apples, bread and oat milk',
      'Draft reply to the Kubernetes operators mailing list',
    ];
    seed.forEach((text, i) =>
      app.history.add({
        text,
        durationMs: 2000 + i * 500,
        model: 'ggml-base.en.bin',
        createdAt: now - (seed.length - i) * 60_000,
      }),
    );
    const page = await openWindow(app);
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByTestId('history-item').nth(3).waitFor();
    // Newest first.
    expect(await texts(page)).toEqual([...seed].reverse());

    const searchesBefore = counts.get('history_search') ?? 0;
    await page.getByTestId('history-search').pressSequentially('kubernetes', { delay: 30 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=history-item]').length === 2);
    expect(await texts(page)).toEqual([seed[3], seed[1]]);
    // One query per pause in typing, not one per key.
    expect((counts.get('history_search') ?? 0) - searchesBefore).toBe(1);

    await page.getByTestId('history-search').fill('priya kube');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=history-item]').length === 1);
    expect(await texts(page)).toEqual([seed[1]]);
    await screenshot(page, 'history-search-light');

    await page.getByTestId('history-search').fill('zebra');
    await page.getByTestId('history-empty').waitFor();
    expect(await page.getByTestId('history-empty').textContent()).toContain('zebra');

    // Delete one entry: it leaves the window and the database.
    await page.getByTestId('history-search').fill('');
    await page.getByTestId('history-item').nth(3).waitFor();
    const item = page.getByTestId('history-item').filter({ hasText: 'Grocery list' });
    await item.getByRole('button', { name: 'Delete this dictation' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=history-item]').length === 3);
    expect(app.history.page().entries.map((e) => e.text)).toEqual([seed[3], seed[1], seed[0]]);

    // Copy: this core has no clipboard of its own, so the page's clipboard is used.
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.server.origin });
    await page
      .getByTestId('history-item')
      .filter({ hasText: 'Priya' })
      .getByRole('button', { name: 'Copy this dictation' })
      .click();
    await page.getByTestId('notice').filter({ hasText: 'Copied.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(seed[1]);

    // An entry added by the app appears without a reload.
    app.history.add({ text: 'A brand new dictation', durationMs: 1200, model: 'ggml-base.en.bin' });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=history-item]').length === 4);
    expect((await texts(page))[0]).toBe('A brand new dictation');
  });
});

describe('settings', () => {
  it('saves a round trip to the settings file and shows changes made elsewhere', async () => {
    const app = await start();
    const page = await openWindow(app);
    await page.getByRole('tab', { name: 'Settings' }).click();

    await page.getByTestId('setting-language').click();
    await page.getByRole('option', { name: 'German' }).click();
    await page.getByTestId('setting-translate').check();
    await page.getByTestId('setting-initial-prompt').fill('Kubernetes, Grafana, Priya');
    await page.getByTestId('setting-auto-stop').check();
    await page.getByTestId('setting-silence-ms').fill('900');
    await page.getByTestId('setting-delivery-method').click();
    await page.getByRole('option', { name: /Type it key by key/ }).click();
    await page.getByTestId('setting-trailing-space').uncheck();
    await page.getByTestId('setting-hotkey-toggle').fill('CommandOrControl+Alt+D');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();

    const onDisk = JSON.parse(readFileSync(app.paths.settingsFile, 'utf8')) as Record<
      string,
      Record<string, unknown>
    >;
    expect(onDisk['speech']).toMatchObject({
      language: 'de',
      translate: true,
      initialPrompt: 'Kubernetes, Grafana, Priya',
    });
    expect(onDisk['vad']).toMatchObject({ autoStop: true, silenceMs: 900 });
    expect(onDisk['delivery']).toMatchObject({ method: 'type', trailingSpace: false });
    expect(onDisk['hotkeys']).toMatchObject({ toggle: 'CommandOrControl+Alt+D' });
    expect(app.settings.get().speech.language).toBe('de');

    // A fresh window reads them back from the app.
    await page.reload();
    await page.getByRole('tab', { name: 'Settings' }).click();
    expect(await page.getByTestId('setting-initial-prompt').inputValue()).toBe('Kubernetes, Grafana, Priya');
    expect(await page.getByTestId('setting-silence-ms').inputValue()).toBe('900');
    expect(await page.getByTestId('setting-translate').isChecked()).toBe(true);
    expect(await page.getByTestId('setting-language').textContent()).toBe('German');

    // A change made elsewhere (the tray, another window) shows up at once.
    await app.settings.update({ app: { soundCues: false } });
    await page.waitForFunction(
      () => !(document.querySelector('[data-testid=setting-sound-cues]') as HTMLInputElement).checked,
    );
  });

  it('checks values with the shared schema before saving, and shows what the app refused', async () => {
    const app = await start();
    const page = await openWindow(app);
    await page.getByRole('tab', { name: 'Settings' }).click();
    const save = page.getByRole('button', { name: 'Save settings' });

    await page.getByTestId('setting-auto-stop').check();
    await page.getByTestId('setting-silence-ms').fill('50');
    await page.getByText(/greater than or equal to 200|>=\s*200/).waitFor();
    expect(await save.isDisabled()).toBe(true);
    await page.getByTestId('setting-silence-ms').fill('1500');
    expect(await save.isEnabled()).toBe(true);

    // A key the shared rules refuse for this role.
    await page.getByTestId('setting-hotkey-cancel').fill('RightCtrl');
    await page.getByText(/cannot be the cancel key/).waitFor();
    expect(await save.isDisabled()).toBe(true);
    // Two hotkeys on the same key: a problem across fields, from the same rules.
    await page.getByTestId('setting-hotkey-hold').fill('F8');
    await page.getByTestId('setting-hotkey-cancel').fill('F8');
    await page
      .getByRole('alert')
      .filter({ hasText: /hold-to-talk key and the cancel key/ })
      .waitFor();
    expect(await save.isDisabled()).toBe(true);
    await page.getByTestId('setting-hotkey-cancel').scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-invalid-light', { fullPage: false });
    await page.getByTestId('setting-hotkey-cancel').fill('Escape');
    await save.click();
    await page.getByText('Settings saved.').waitFor();
    expect(app.settings.get().vad).toMatchObject({ autoStop: true, silenceMs: 1500 });
    expect(app.settings.get().hotkeys).toMatchObject({ hold: 'F8', cancel: 'Escape' });
  });
});

describe('protocol and connection', () => {
  it('shows a clear banner and disables every action when the app speaks another protocol version', async () => {
    const app = await start({
      wrap: (core) => ({
        ...core,
        protocolVersion: APP_PROTOCOL_VERSION + 1,
        handle: core.handle,
        subscribe: core.subscribe,
      }),
    });
    const page = await openWindow(app, 'light', '[data-testid=protocol-mismatch]');
    const banner = page.getByTestId('protocol-mismatch');
    const text = await banner.textContent();
    expect(text).toContain(`protocol version ${APP_PROTOCOL_VERSION}`);
    expect(text).toContain(`version ${APP_PROTOCOL_VERSION + 1}`);
    expect(await page.getByRole('button', { name: 'Start dictation' }).isDisabled()).toBe(true);
    expect(await page.getByTestId('phase').textContent()).toBe('Not connected');
    await screenshot(page, 'protocol-mismatch-light');
  });

  it('says so when the app goes away', async () => {
    const app = await start();
    const page = await openWindow(app);
    await app.server.close();
    await page.getByTestId('connection-error').waitFor();
    expect(await page.getByTestId('connection-error').textContent()).toContain('Connection to the app lost');
    expect(await page.getByRole('button', { name: 'Start dictation' }).isDisabled()).toBe(true);
  });
});

describe('keyboard', () => {
  it('reaches every view and action with Tab, arrows, Enter and Space, with a visible focus ring', async () => {
    const app = await start();
    app.history.add({ text: 'Keyboard only entry', durationMs: 900, model: 'ggml-base.en.bin' });
    const page = await openWindow(app);
    const focused = () =>
      page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        // A switch's focus shows on its visible button, not on the transparent input inside it.
        const shown = element.closest('.MuiButtonBase-root') ?? element;
        const style = getComputedStyle(shown);
        return {
          text: (element.getAttribute('aria-label') ?? element.textContent ?? '').trim(),
          role: element.getAttribute('role'),
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        };
      });

    await page.keyboard.press('Tab');
    expect(await focused()).toEqual({ text: 'Dictate', role: 'tab', outline: true });
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ text: 'Start dictation', outline: true });
    // Enter on the action reaches the app (which answers that it has no microphone here).
    await page.keyboard.press('Enter');
    await page.getByTestId('notice').filter({ hasText: 'Dictation is not available here' }).waitFor();

    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toMatchObject({ text: 'History', role: 'tab', outline: true });
    await page.keyboard.press('Enter');
    await page.getByTestId('history-item').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'history-search',
    );
    await page.keyboard.type('keyboard');
    await page.waitForTimeout(400);
    expect(await texts(page)).toEqual(['Keyboard only entry']);
    await screenshot(page, 'keyboard-history-focus-light');

    // Settings by keyboard: Space toggles a switch, Enter in a field submits the form.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    await page.getByTestId('setting-hotkey-mode').waitFor();
    let guard = 0;
    while (
      (await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) !==
      'setting-sound-cues'
    ) {
      await page.keyboard.press('Tab');
      if (++guard > 40) throw new Error('the sound cues switch is not reachable with Tab');
    }
    expect((await focused()).outline).toBe(true);
    await screenshot(page, 'keyboard-settings-focus-light');
    await page.keyboard.press('Space');
    await page.keyboard.press('Shift+Tab');
    await page.getByTestId('setting-initial-prompt').focus();
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('setting-silence-ms').focus();
    await page.getByTestId('setting-auto-stop').focus();
    await page.keyboard.press('Space');
    await page.getByTestId('setting-silence-ms').focus();
    await page.keyboard.press('Enter');
    await page.getByText('Settings saved.').waitFor();
    expect(app.settings.get().app.soundCues).toBe(false);
    expect(app.settings.get().vad.autoStop).toBe(true);
  });
});

describe('appearance', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`follows the OS colour scheme (${scheme}) in every view`, async () => {
      const app = await start();
      app.history.add({
        text: 'Remember to water the plants on Tuesday.',
        durationMs: 2100,
        model: 'ggml-base.en.bin',
      });
      const page = await openWindow(app, scheme);
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const [r = 0, g = 0, b = 0] = (background.match(/\d+/g) ?? []).map(Number);
      const luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      if (scheme === 'dark') expect(luminance).toBeLessThan(0.2);
      else expect(luminance).toBeGreaterThan(0.8);
      await screenshot(page, `dictate-idle-${scheme}`);
      await page.getByRole('tab', { name: 'History' }).click();
      await page.getByTestId('history-item').waitFor();
      await screenshot(page, `history-${scheme}`);
      await page.getByRole('tab', { name: 'Settings' }).click();
      await page.getByTestId('setting-hotkey-mode').waitFor();
      await screenshot(page, `settings-${scheme}`);
    });
  }
});
