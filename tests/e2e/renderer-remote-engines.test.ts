import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../helpers/browser.js';
import { fixtures } from '../helpers/fixtures.js';
import { startHeadlessRuntime, type HeadlessRuntime } from '../helpers/headless-app.js';
import { screenshot } from '../helpers/screenshots.js';
import { testCipher } from '../helpers/test-cipher.js';
import {
  freeLoopbackPort,
  startWhisperServer,
  type RunningWhisperServer,
} from '../helpers/whisper-server.js';

// Settings → Remote engines in real Chromium over the bridge, the whole app behind it, a real
// whisper.cpp server (up) and an address where nothing listens (down). The API key cipher is a real
// AES-GCM one injected in place of Electron's safeStorage (no Electron binary here).
let browser: Browser;
let app: HeadlessRuntime;
let server: RunningWhisperServer;
let page: Page;
const secret = 'sk-test-0123456789abcdefghijklmnopqrstuv';

beforeAll(async () => {
  server = await startWhisperServer({ model: fixtures.microModel, threads: 1 });
  const nowhere = await freeLoopbackPort();
  const engine = (id: string, name: string, baseUrl: string) => ({
    id,
    name,
    baseUrl,
    model: 'micro-en',
    concurrency: 1,
    enabled: true,
    hasApiKey: false,
  });
  app = await startHeadlessRuntime({
    model: fixtures.vocabOnlyModel,
    secretCipher: testCipher(),
    settings: {
      remote: {
        engines: [
          engine('lan', 'GPU box', server.baseUrl),
          engine('gone', 'Old laptop', `http://127.0.0.1:${nowhere}/v1`),
        ],
      },
    },
  });
  browser = await chromium.launch(chromiumLaunchOptions());
  page = await browser.newPage({ viewport: { width: 1000, height: 1100 } });
  await page.goto(app.server.url);
  await page.locator('[data-testid=phase][data-phase=idle]').waitFor();
  await page.getByRole('tab', { name: 'Settings' }).click();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await server?.stop();
});

describe('Settings → Remote engines', () => {
  it('shows each server up or down, with the reason, and says what leaves the machine', async () => {
    const lan = page.getByTestId('remote-engine-lan');
    const gone = page.getByTestId('remote-engine-gone');
    await expect.poll(() => lan.getByTestId('remote-state').textContent(), { timeout: 30_000 }).toBe('up');
    await expect.poll(() => gone.getByTestId('remote-state').textContent(), { timeout: 30_000 }).toBe('down');
    await expect(gone.getByTestId('remote-reason').textContent()).resolves.toMatch(
      /cannot be reached \(ECONNREFUSED\)/,
    );
    await expect(page.getByTestId('remote-privacy').textContent()).resolves.toMatch(
      /Audio leaves this computer only to the servers listed here/,
    );
    await lan.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-remote-engines-light', { fullPage: false });
  });

  it('keeps an API key sealed in the secret store, never in settings.json', async () => {
    const lan = page.getByTestId('remote-engine-lan');
    await lan.getByLabel('API key (optional)').fill(secret);
    await lan.getByRole('button', { name: 'Store key' }).click();
    await lan.getByText('Key stored in the system keychain.').waitFor();
    const settingsText = readFileSync(app.runtime.paths.settingsFile, 'utf8');
    expect(settingsText).not.toContain(secret);
    const settings = JSON.parse(settingsText) as {
      remote: { engines: { id: string; hasApiKey: boolean }[] };
    };
    expect(settings.remote.engines.find((e) => e.id === 'lan')?.hasApiKey).toBe(true);
    const keysFile = readFileSync(path.join(app.runtime.paths.dataDir, 'remote-keys.json'), 'utf8');
    expect(keysFile).not.toContain(secret);
    expect(keysFile).not.toContain(Buffer.from(secret).toString('base64'));
    await lan.getByLabel('API key (stored)').waitFor();
  });
});
