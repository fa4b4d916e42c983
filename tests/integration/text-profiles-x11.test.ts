import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTextDelivery } from '../../src/services/delivery/index.js';
import { DeliveryStage } from '../../src/services/shaping/delivery-stage.js';
import type { DictationEvent } from '../../src/shared/dictation.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings.js';
import { chromiumLaunchOptions } from '../helpers/browser.js';
import { makeTempDir } from '../helpers/fixtures.js';
import {
  focusWindow,
  missingDesktopTools,
  readSelection,
  startXtermCat,
  startXvfb,
  writeSelection,
  x11,
  type XServer,
} from '../helpers/x11-desktop.js';

// The delivery stage over real X11 applications: our own Xvfb, an xterm running `cat` into a file and
// a headful Chromium page, each with its own profile. The focused app is found by its WM_CLASS when
// "recording starts", the text rules run, and xclip + xdotool deliver. Nothing is mocked.
const missing = missingDesktopTools();
const title = missing.length
  ? `per-app profiles in X11 windows (SKIPPED: ${missing.join(', ')} not installed; see .ci/run)`
  : 'per-app profiles in X11 windows';

const PREVIOUS = 'what the user had copied';

function settingsWithProfiles(): Settings {
  const settings = structuredClone(DEFAULT_SETTINGS) as Settings;
  settings.delivery.trailingSpace = false;
  settings.text.replacements = [
    { from: 'my email', to: 'ada@example.org', regex: false, caseSensitive: false, enabled: true },
  ];
  settings.text.profiles = [
    // xterm pastes PRIMARY with Shift+Insert; Enter then runs the line. Whisper is told English and
    // the shell's words there.
    { app: 'xterm', paste: 'shift+insert', after: 'enter', language: 'en', words: ['kubectl'] },
    // Chromium: paste as plain text, then Ctrl+Enter (send, in a chat app).
    { app: 'chromium', paste: 'ctrl+shift+v', after: 'ctrl+enter' },
  ];
  return settings;
}

describe.skipIf(missing.length > 0)(title, () => {
  let server: XServer;
  let browser: Browser;
  let page: Page;
  let chromiumWindow: string;
  let xterm: { windowId: string; stop: () => Promise<void> };
  let stage: DeliveryStage;
  const temp = makeTempDir('dictation-profiles-');
  const xtermOut = path.join(temp.dir, 'xterm.txt');
  const notices: string[] = [];
  let session = 0;

  beforeAll(async () => {
    server = await startXvfb();
    const logger = pino({ level: 'silent' });
    const delivery = createTextDelivery({ logger, env: server.env });
    const settings = settingsWithProfiles();
    stage = new DeliveryStage({
      delivery,
      settings: () => settings,
      logger,
      notify: (message) => notices.push(message),
    });
    xterm = await startXtermCat(server.env, xtermOut);
    browser = await chromium.launch({ ...chromiumLaunchOptions(), headless: false, env: server.env });
    page = await browser.newPage({ viewport: { width: 800, height: 400 } });
    // Each Enter is recorded with what the field held at that moment (the text must be in first).
    await page.setContent(`<!doctype html><textarea id="t" style="width:700px;height:300px"></textarea>
      <script>
        window.enters = [];
        const t = document.getElementById('t');
        t.addEventListener('keydown', (e) => {
          if (e.key !== 'Enter') return;
          e.preventDefault();
          window.enters.push({ ctrl: e.ctrlKey, value: t.value });
        });
      </script>`);
    const search = x11(server.env, 'xdotool', ['search', '--sync', '--onlyvisible', '--class', 'chromium']);
    chromiumWindow = search.stdout.toString().trim().split('\n').at(-1) ?? '';
    expect(chromiumWindow).toMatch(/^\d+$/);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await xterm?.stop();
    await server?.stop();
    temp.cleanup();
  });

  /** The stage hears that a recording started (focus is looked up then) and returns its session id. */
  async function recordingStarts(): Promise<string> {
    const sessionId = `session-${++session}`;
    const event: DictationEvent = {
      type: 'state',
      timestamp: Date.now(),
      status: { phase: 'recording', sessionId, recordingSince: Date.now(), error: null },
    };
    stage.onDictationEvent(event);
    return sessionId;
  }

  async function focusTextarea(): Promise<void> {
    focusWindow(server.env, chromiumWindow);
    await page.evaluate(() => {
      const t = document.getElementById('t') as HTMLTextAreaElement;
      t.value = '';
      (window as unknown as { enters: unknown[] }).enters = [];
      t.focus();
    });
  }

  const xtermBytes = () => statSync(xtermOut, { throwIfNoEntry: false })?.size ?? 0;
  const xtermSince = (offset: number) => readFileSync(xtermOut).subarray(offset).toString('utf8');

  it('gives xterm and Chromium, focused in turn, their own paste keys and key after the text', async () => {
    // xterm first.
    focusWindow(server.env, xterm.windowId);
    writeSelection(server.env, PREVIOUS);
    const before = xtermBytes();
    const inXterm = await recordingStarts();
    const toXterm = await stage.deliver('Echo my email', { sessionId: inXterm, language: 'en' });
    expect(toXterm).toMatchObject({
      method: 'paste',
      ok: true,
      keystroke: 'shift+Insert',
      afterKey: 'enter',
      profile: 'xterm',
      target: { windowClass: 'XTerm', terminal: true },
      text: 'Echo ada@example.org',
    });
    // cat got the text and then the Enter (the tty turns xterm's CR into a line feed).
    await expect.poll(() => xtermSince(before), { timeout: 5000 }).toBe('Echo ada@example.org\n');
    expect(readSelection(server.env)?.toString()).toBe(PREVIOUS);

    // Then Chromium: its own profile, through the CLIPBOARD with Ctrl+Shift+V, then Ctrl+Enter.
    await focusTextarea();
    const inChromium = await recordingStarts();
    const toChromium = await stage.deliver('Hello comma world period', {
      sessionId: inChromium,
      language: 'en',
    });
    expect(toChromium).toMatchObject({
      method: 'paste',
      ok: true,
      keystroke: 'ctrl+shift+v',
      afterKey: 'ctrl+enter',
      profile: 'chromium',
      text: 'Hello, world.',
      clipboard: 'restored',
    });
    expect(await page.$eval('#t', (t) => (t as HTMLTextAreaElement).value)).toBe('Hello, world.');
    // Ctrl+Enter came once, after the text was in.
    expect(await page.evaluate(() => (window as unknown as { enters: unknown[] }).enters)).toEqual([
      { ctrl: true, value: 'Hello, world.' },
    ]);
    expect(readSelection(server.env)?.toString()).toBe(PREVIOUS);
    // Nothing of Chromium's dictation reached the xterm.
    expect(xtermSince(before)).toBe('Echo ada@example.org\n');
  }, 60_000);

  it('tells recognition the language and words of the app focused when the recording started', async () => {
    focusWindow(server.env, xterm.windowId);
    const inXterm = await recordingStarts();
    expect(await stage.recognitionFor(inXterm)).toEqual({ language: 'en', initialPrompt: 'kubectl' });
    // Chromium's profile changes only the delivery: recognition keeps the settings' own.
    await focusTextarea();
    const inChromium = await recordingStarts();
    expect(await stage.recognitionFor(inChromium)).toBeNull();
    // Looked up once, at the start: the answer for the xterm dictation stays the xterm's.
    expect(await stage.recognitionFor(inXterm)).toEqual({ language: 'en', initialPrompt: 'kubectl' });
    expect(await stage.recognitionWithDefaults(inChromium)).toEqual({
      language: 'auto',
      prompt: '',
      translate: false,
    });
  }, 30_000);

  it('leaves the text on the clipboard with a notice when focus moved during the recording', async () => {
    await focusTextarea();
    writeSelection(server.env, PREVIOUS);
    const sessionId = await recordingStarts();
    // Let the lookup at the start see Chromium, then the user clicks into the xterm while speaking.
    await new Promise((resolve) => setTimeout(resolve, 300));
    focusWindow(server.env, xterm.windowId);
    const before = xtermBytes();
    const result = await stage.deliver('This belongs in the browser', { sessionId, language: 'en' });
    expect(result).toMatchObject({ method: 'copy', ok: false, clipboard: 'left-with-text', afterKey: null });
    expect(result.fallback?.code).toBe('focus_moved');
    expect(result.notice).toMatch(/^Focus moved during the recording: the text is on the clipboard - press /);
    expect(readSelection(server.env)?.toString()).toBe('This belongs in the browser');
    // Neither window got it, and no Enter went anywhere.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(xtermSince(before)).toBe('');
    expect(await page.$eval('#t', (t) => (t as HTMLTextAreaElement).value)).toBe('');
    expect(await page.evaluate(() => (window as unknown as { enters: unknown[] }).enters)).toEqual([]);
  }, 30_000);

  it("pastes the last dictation again into the app focused now, that app's way", async () => {
    focusWindow(server.env, xterm.windowId);
    const before = xtermBytes();
    const result = await stage.pasteLast();
    expect(result).toMatchObject({ method: 'paste', ok: true, keystroke: 'shift+Insert', afterKey: 'enter' });
    await expect.poll(() => xtermSince(before), { timeout: 5000 }).toBe('This belongs in the browser\n');
  }, 30_000);

  it('joins the pieces of one dictation in the same field: spaces placed, a space taken back before a comma', async () => {
    await focusTextarea();
    const settings = settingsWithProfiles();
    settings.delivery.trailingSpace = true;
    settings.text.profiles = [{ app: 'chromium', paste: 'ctrl+v' }];
    const logger = pino({ level: 'silent' });
    const pieces = new DeliveryStage({
      delivery: createTextDelivery({ logger, env: server.env }),
      settings: () => settings,
      logger,
      notify: (message) => notices.push(message),
    });
    const sessionId = 'pieces';
    pieces.onDictationEvent({
      type: 'state',
      timestamp: Date.now(),
      status: { phase: 'recording', sessionId, recordingSince: Date.now(), error: null },
    });
    const first = await pieces.deliver('We should call the client', { sessionId, language: 'en' });
    expect(first).toMatchObject({ ok: true, keystroke: 'ctrl+v' });
    expect(await page.$eval('#t', (t) => (t as HTMLTextAreaElement).value)).toBe(
      'We should call the client ',
    );
    // The next piece starts with "comma": the space before it is taken back (Backspace), no capital.
    const second = await pieces.deliver('Comma tomorrow period', { sessionId, language: 'en' });
    expect(second).toMatchObject({ ok: true, text: ', tomorrow.' });
    expect(await page.$eval('#t', (t) => (t as HTMLTextAreaElement).value)).toBe(
      'We should call the client, tomorrow. ',
    );
    const third = await pieces.deliver('And then lunch.', { sessionId, language: 'en' });
    expect(third.ok).toBe(true);
    expect(await page.$eval('#t', (t) => (t as HTMLTextAreaElement).value)).toBe(
      'We should call the client, tomorrow. And then lunch. ',
    );
  }, 30_000);

  it('delivers nothing, and says why, when only a command was said', async () => {
    await focusTextarea();
    writeSelection(server.env, PREVIOUS);
    const sessionId = await recordingStarts();
    const result = await stage.deliver('Scratch that.', { sessionId, language: 'en' });
    expect(result).toMatchObject({ method: 'none', clipboard: 'untouched', text: '' });
    expect(result.notice).toMatch(/^Only spoken commands were said/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await page.$eval('#t', (t) => (t as HTMLTextAreaElement).value)).toBe('');
    expect(readSelection(server.env)?.toString()).toBe(PREVIOUS);
  }, 30_000);

  it('has not needed to say that profiles cannot work here', () => {
    expect(notices).toEqual([]);
  });
});
