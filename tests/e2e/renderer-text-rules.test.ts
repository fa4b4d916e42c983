import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../helpers/browser.js';
import { startHeadlessApp, type HeadlessApp } from '../helpers/headless-app.js';
import { screenshot } from '../helpers/screenshots.js';
import { UnavailableDictation } from '../helpers/unavailable-dictation.js';

// The built window in Debian's Chromium over the loopback bridge, against the real app core with a
// real settings file: the text rules (lists, preview, import/export) and the shortcut fields.
let browser: Browser;
let app: HeadlessApp;
let page: Page;

beforeAll(async () => {
  browser = await chromium.launch(chromiumLaunchOptions());
});
afterEach(async () => {
  await page?.close();
  await app?.close();
});
afterAll(async () => {
  await browser?.close();
});

async function openSettings(): Promise<Page> {
  app = await startHeadlessApp({ dictation: new UnavailableDictation('no microphone in this test.') });
  page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(app.server.url);
  await page.locator('[data-testid=phase][data-phase=idle]').waitFor();
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByTestId('shape-preview').waitFor();
  expect(errors).toEqual([]);
  return page;
}

const onDisk = () =>
  JSON.parse(readFileSync(app.paths.settingsFile, 'utf8')) as { text: Record<string, unknown> };
const preview = () => page.getByTestId('shape-preview-output').textContent();

describe('text rules in the settings window', () => {
  it('edits words, replacements and profiles, previews what would be delivered, and saves them', async () => {
    await openSettings();
    const save = page.getByRole('button', { name: 'Save settings' });
    // The preview starts from an example sentence: commands and fillers at work.
    expect(await preview()).toBe('So the meeting is at noon.\n\nSee you there ');

    await page.getByTestId('text-words-add').click();
    await page.getByLabel('Words to expect, entry 1').fill('Kubernetes');
    await page.getByTestId('text-replacements-add').click();
    const replacement = page.getByTestId('text-replacements-row').first();
    await replacement.getByLabel('When I say').fill('my email');
    await replacement.getByLabel('Type').fill('ada@example.org');
    await page.getByTestId('shape-preview-input').fill('um send it to my email comma and to cooper netties');
    await expect.poll(preview).toBe('Send it to ada@example.org, and to Kubernetes ');
    expect(await page.getByTestId('shape-preview-steps').textContent()).toMatch(
      /Changed by: filler words, spoken commands|Changed by: spoken commands, filler words, words to expect, replacements/,
    );

    await page.getByTestId('text-profiles-add').click();
    const profile = page.getByTestId('text-profiles-row').first();
    await profile.getByLabel('App').fill('xterm');
    await profile.getByLabel('Paste').click();
    await page.getByRole('option', { name: 'Shift+Insert' }).click();
    await profile.getByLabel('Then').click();
    await page.getByRole('option', { name: 'Enter after', exact: true }).click();
    await profile.getByLabel('Text rules').click();
    await page.getByRole('option', { name: 'Off', exact: true }).click();
    // The preview for that app: its rules are off, so the words stay as said (spacing still fits them).
    await page.getByTestId('shape-preview-app').fill('XTerm');
    await expect.poll(preview).toBe('Um send it to my email comma and to cooper netties ');
    expect(await page.getByTestId('shape-preview-steps').textContent()).toContain('Profile "xterm"');
    await page.getByTestId('text-profiles').scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-text-profiles-light', { fullPage: false });

    await save.click();
    await page.getByText('Settings saved.').waitFor();
    expect(onDisk().text).toMatchObject({
      words: ['Kubernetes'],
      replacements: [{ from: 'my email', to: 'ada@example.org', regex: false }],
      profiles: [{ app: 'xterm', paste: 'shift+insert', after: 'enter', rules: false }],
    });

    // Deleting an entry.
    await page.getByRole('button', { name: 'Delete "Kubernetes"' }).click();
    await save.click();
    await page.getByText('Settings saved.').first().waitFor();
    await expect.poll(() => onDisk().text['words']).toEqual([]);
  });

  it('shows a bad entry at its place, refuses to save it, and imports a file without its bad entries', async () => {
    await openSettings();
    const save = page.getByRole('button', { name: 'Save settings' });
    await page.getByTestId('text-replacements-add').click();
    const row = page.getByTestId('text-replacements-row').first();
    await row.getByLabel('When I say').fill('(unclosed');
    await row.getByLabel('Regular expression').check();
    await row
      .getByText(/regular expression/i)
      .nth(1)
      .waitFor();
    expect(await save.isDisabled()).toBe(true);
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-text-bad-regex-light', { fullPage: false });
    await page.getByRole('button', { name: /Delete replacement/ }).click();

    await page.getByTestId('rules-import').click();
    await page.getByTestId('rules-import-json').fill(
      JSON.stringify({
        words: ['Grafana', ''],
        replacements: [
          { from: 'sig', to: 'Best,\nAda' },
          { from: 'loop', to: 'loop loop' },
        ],
        fillers: false,
        profiles: [{ app: 'slack', after: 'ctrl+enter' }, { paste: 'type' }],
      }),
    );
    await page.getByTestId('rules-import-apply').click();
    const problems = page.getByTestId('rules-import-problems');
    await problems.waitFor();
    const listed = await problems.textContent();
    expect(listed).toContain('words[1]');
    expect(listed).toContain('replacements[1]');
    expect(listed).toContain('profiles[1]');
    await screenshot(page, 'settings-text-import-light', { fullPage: false });
    await page.getByRole('button', { name: 'Close' }).click();
    await save.click();
    await page.getByText('Settings saved.').waitFor();
    expect(onDisk().text).toMatchObject({
      words: ['Grafana'],
      replacements: [{ from: 'sig', to: 'Best,\nAda' }],
      fillers: false,
      profiles: [{ app: 'slack', after: 'ctrl+enter' }],
    });

    // Export gives back the same JSON, as the CLI's --rules FILE reads it.
    await page.getByTestId('rules-export').click();
    const exported = JSON.parse(await page.getByTestId('rules-export-json').inputValue()) as Record<
      string,
      unknown
    >;
    expect(exported).toEqual(onDisk().text);
  });
});

describe('shortcut fields', () => {
  it('record the keys pressed, and warn about a combination other apps use', async () => {
    await openSettings();
    const toggle = page.getByTestId('setting-hotkey-toggle');
    await toggle.focus();
    await page.keyboard.press('Control+Alt+KeyD');
    expect(await toggle.inputValue()).toBe('CommandOrControl+Alt+D');

    const again = page.getByTestId('setting-hotkey-paste-last');
    expect(await again.inputValue()).toBe('');
    await again.focus();
    await page.keyboard.press('Control+KeyV');
    expect(await again.inputValue()).toBe('CommandOrControl+V');
    await page.getByText('Ctrl+V is already "Paste" in most apps').waitFor();
    await again.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-shortcut-warning-light', { fullPage: false });
    await page.keyboard.press('Control+Alt+KeyV');
    expect(await again.inputValue()).toBe('CommandOrControl+Alt+V');
    await page.keyboard.press('Backspace');
    expect(await again.inputValue()).toBe('');
    await page.keyboard.press('Control+Shift+KeyV');

    // A modifier pressed and let go alone is a hold-to-talk key.
    const hold = page.getByTestId('setting-hotkey-hold');
    await hold.focus();
    await page.keyboard.press('F8');
    expect(await hold.inputValue()).toBe('F8');
    await page.keyboard.down('ControlRight');
    await page.keyboard.up('ControlRight');
    expect(await hold.inputValue()).toBe('RightCtrl');

    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    expect(app.settings.get().hotkeys).toMatchObject({
      toggle: 'CommandOrControl+Alt+D',
      pasteLast: 'CommandOrControl+Shift+V',
      hold: 'RightCtrl',
    });
  });
});
