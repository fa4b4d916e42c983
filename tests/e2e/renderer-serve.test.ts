import { mkdirSync } from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppInChromium, type AppInChromium } from '../helpers/app-in-chromium.js';
import { screenshotDir } from '../helpers/screenshots.js';

// The built window (dist/renderer, run `npm run build` first) in Debian's Chromium over the loopback
// bridge, against the whole app runtime (engine + micro model, the real ServeService and transcription
// server): "Serve my engine to other programs" turned on from the window, then called by the openai client.
let running: AppInChromium;
const port = 20_000 + Math.floor(Math.random() * 20_000);

beforeAll(async () => {
  running = await startAppInChromium({ integrations: { servePort: port } });
}, 60_000);

afterAll(async () => {
  await running?.close();
});

async function openSettings(colorScheme: 'light' | 'dark'): Promise<Page> {
  const page = await running.browser.newPage({ colorScheme, viewport: { width: 900, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(running.server.url);
  await page.getByRole('tab', { name: 'Settings' }).click();
  expect(errors).toEqual([]);
  return page;
}

/** From the switch to the privacy sentence: the part of Integrations this feature adds. */
async function serveShot(page: Page, section: Locator, name: string): Promise<void> {
  // Centred, so neither the sticky save bar nor a toast covers it.
  await section.getByTestId('serve-privacy').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const notice = page.getByTestId('notice');
  if (await notice.isVisible()) {
    await notice.getByRole('button', { name: 'Close' }).click();
    await notice.waitFor({ state: 'detached' });
  }
  const top = await section.getByTestId('setting-serve').locator('xpath=ancestor::div[1]').boundingBox();
  const bottom = await section.getByTestId('serve-privacy').boundingBox();
  const box = await section.boundingBox();
  if (!top || !bottom || !box) throw new Error('the serve fields are not on screen');
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({
    path: path.join(screenshotDir, `${name}.png`),
    animations: 'disabled',
    clip: { x: box.x, y: top.y - 12, width: box.width, height: bottom.y + bottom.height - top.y + 24 },
  });
}

describe('Settings → Integrations: Serve my engine to other programs', () => {
  it('turns the server on, shows the base URL, the key and where audio goes, and serves the openai client', async () => {
    const page = await openSettings('light');
    const section = page.getByRole('group', { name: 'Integrations' });
    const toggle = section.getByTestId('setting-serve');
    await toggle.scrollIntoViewIfNeeded();
    expect(await toggle.isChecked()).toBe(false);
    expect(await page.getByTestId('serve-status').getAttribute('data-state')).toBe('off');
    expect(await page.getByTestId('serve-privacy').textContent()).toBe(
      'Audio sent to this server is transcribed on this computer; it goes nowhere else. On 127.0.0.1 only programs on this computer can reach it.',
    );

    await toggle.check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    const status = page.locator('[data-testid=serve-status][data-state=listening]');
    await status.waitFor();
    expect(await status.textContent()).toContain(`Listening on 127.0.0.1:${port}`);
    const baseUrl = `http://127.0.0.1:${port}/v1`;
    expect(await page.getByTestId('serve-address').textContent()).toContain(baseUrl);

    const token = running.app.runtime.settings.get().integrations.serveToken;
    const field = page.getByTestId('serve-token');
    await expect.poll(() => field.inputValue()).toMatch(/^•+$/);
    await page.getByTestId('serve-token-reveal').click();
    expect(await field.inputValue()).toBe(token);
    const models = await new OpenAI({ baseURL: baseUrl, apiKey: token, maxRetries: 0 }).models.list();
    expect(models.data.map((m) => m.id)).toEqual(['micro-en']);
    await page.getByTestId('serve-token-reveal').click();
    await serveShot(page, section, 'settings-serve-listening-light');

    // Another network: the sentence says who can reach it; not saved, so the line asks to save.
    await page.getByTestId('setting-serve-host').fill('0.0.0.0');
    expect(await page.getByTestId('serve-privacy').textContent()).toContain(
      'On 0.0.0.0, anyone on that network who has the API key can send it audio and read the text.',
    );
    expect(await page.getByTestId('serve-status').textContent()).toContain('Save the settings');
    await serveShot(page, section, 'settings-serve-other-network-light');
    await page.close();
  });

  it('replaces the API key from the window: the old one is refused', async () => {
    const page = await openSettings('dark');
    const old = running.app.runtime.settings.get().integrations.serveToken;
    await page.getByTestId('serve-token-regenerate').scrollIntoViewIfNeeded();
    await page.getByTestId('serve-token-regenerate').click();
    await page.getByTestId('serve-token-confirm').click();
    await expect.poll(() => running.app.runtime.settings.get().integrations.serveToken).not.toBe(old);
    const baseURL = `http://127.0.0.1:${port}/v1`;
    const error = await new OpenAI({ baseURL, apiKey: old, maxRetries: 0 }).models.list().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    await serveShot(page, page.getByRole('group', { name: 'Integrations' }), 'settings-serve-dark');
    await page.close();
  });
});
