import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../helpers/browser.js';
import { fixtures } from '../helpers/fixtures.js';
import { startHeadlessRuntime, type HeadlessRuntime } from '../helpers/headless-app.js';
import { screenshot } from '../helpers/screenshots.js';
import {
  SKIP_WITHOUT_VULKAN,
  lavapipeEnv,
  noVulkanDriverEnv,
  requireLavapipeSetup,
  vulkanLoaderPresent,
} from '../helpers/vulkan.js';

// Settings → Speech recognition in Chromium, over the bridge, with the whole app behind it and the
// engine on a real Vulkan device (lavapipe), or with a Vulkan loader that finds no driver.
const loader = vulkanLoaderPresent();
if (!loader) console.warn(`[renderer-gpu-settings] ${SKIP_WITHOUT_VULKAN}`);

let browser: Browser;
const apps: HeadlessRuntime[] = [];
beforeAll(async () => {
  if (!loader) return;
  requireLavapipeSetup();
  browser = await chromium.launch(chromiumLaunchOptions());
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await browser?.close();
});

async function speechSettings(engineEnv: NodeJS.ProcessEnv): Promise<{ app: HeadlessRuntime; page: Page }> {
  const app = await startHeadlessRuntime({ model: fixtures.vocabOnlyModel, engineEnv });
  apps.push(app);
  const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
  await page.goto(app.server.url);
  await page.locator('[data-testid=phase][data-phase=idle]').waitFor();
  await page.getByRole('tab', { name: 'Settings' }).click();
  return { app, page };
}

describe.skipIf(!loader)('the GPU settings', () => {
  it('show the Vulkan GPU the model runs on, let the user choose it, and turn the GPU off', async () => {
    const { app, page } = await speechSettings(lavapipeEnv());
    await page.getByText(/Running on llvmpipe \(LLVM/).waitFor();
    await page.getByTestId('setting-gpu-device').click();
    await page.getByRole('option', { name: /^llvmpipe \(LLVM .*\(Vulkan\)$/ }).click();
    await page.getByTestId('setting-gpu-device').scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-gpu-vulkan-light', { fullPage: false });
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    const saved = () =>
      JSON.parse(readFileSync(app.runtime.paths.settingsFile, 'utf8')) as {
        speech: { useGpu: boolean; gpuDevice: string | null };
      };
    expect(saved().speech.gpuDevice).toMatch(/^llvmpipe \(LLVM/);

    await page.getByTestId('setting-use-gpu').uncheck();
    await expect
      .poll(() => page.getByTestId('setting-gpu-device').getAttribute('aria-disabled'))
      .toBe('true');
    await page.getByRole('button', { name: 'Save settings' }).click();
    // The first save's "Settings saved." may still show: wait for the file itself.
    await expect.poll(() => saved().speech.useGpu, { timeout: 10_000 }).toBe(false);
    // The model is loaded again, on the CPU, and the section says so.
    await page.getByText(/Running on the CPU \(/).waitFor({ timeout: 30_000 });
  });

  it('say why the CPU is used when the Vulkan loader finds no driver', async () => {
    const { page } = await speechSettings(noVulkanDriverEnv());
    await page.getByText(/Running on the CPU: the Vulkan loader found no working driver/).waitFor();
    await page.getByTestId('setting-gpu-device').click();
    await page.getByRole('option', { name: 'Automatic (no GPU found)' }).waitFor();
    await page.keyboard.press('Escape');
    await screenshot(page, 'settings-gpu-no-driver-light', { fullPage: false });
  });
});
