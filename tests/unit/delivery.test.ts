import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findExecutable } from '../../src/services/delivery/find-executable.js';
import {
  EMPTY_SNAPSHOT,
  type ClipboardAccess,
  type ClipboardOffer,
  type ClipboardSnapshot,
} from '../../src/services/delivery/clipboard-access.js';
import {
  createTextDelivery,
  prepareText,
  x11PasteRoute,
  type KeySender,
} from '../../src/services/delivery/index.js';
import { parseWmClass } from '../../src/services/delivery/x11-focused-window.js';
import { silentLogger } from '../../src/services/logging/logger.js';
import { makeTempDir } from '../helpers/fixtures.js';

const temp = makeTempDir('dictation-delivery-unit-');
afterAll(() => temp.cleanup());
const emptyBin = path.join(temp.dir, 'empty-bin');
mkdirSync(emptyBin, { recursive: true });

describe('prepareText', () => {
  it('refuses blank and whitespace-only text', () => {
    for (const blank of ['', ' ', '\n\t  \r\n', '\u00a0']) expect(prepareText(blank, true)).toBeNull();
  });
  it('trims the edges, keeps inner line breaks, adds the trailing space when asked', () => {
    expect(prepareText(' Hello\nworld. ', false)).toBe('Hello\nworld.');
    expect(prepareText(' Hello.', true)).toBe('Hello. ');
  });
});

describe('x11PasteRoute', () => {
  it('pastes PRIMARY with Shift+Insert in xterm and rxvt', () => {
    expect(x11PasteRoute(['xterm', 'XTerm'])).toMatchObject({ selection: 'primary', chord: 'shift+Insert' });
    expect(x11PasteRoute(['urxvt', 'URxvt']).chord).toBe('shift+Insert');
  });
  it('uses Ctrl+Shift+V in other terminals', () => {
    for (const names of [
      ['gnome-terminal-server', 'Gnome-terminal'],
      ['kitty', 'kitty'],
      ['Alacritty'],
      ['foot'],
    ]) {
      expect(x11PasteRoute(names)).toMatchObject({
        selection: 'clipboard',
        chord: 'ctrl+shift+v',
        terminal: true,
      });
    }
  });
  it('uses Ctrl+V elsewhere, expecting two reads from Chromium-based apps', () => {
    expect(x11PasteRoute(['chromium', 'Chromium'])).toEqual({
      selection: 'clipboard',
      chord: 'ctrl+v',
      terminal: false,
      readsPerPaste: 2,
    });
    expect(x11PasteRoute(['gedit', 'Gedit']).readsPerPaste).toBe(1);
    expect(x11PasteRoute([]).chord).toBe('ctrl+v');
  });
});

it('parses xprop WM_CLASS output', () => {
  expect(parseWmClass('WM_CLASS(STRING) = "xterm", "XTerm"\n')).toEqual(['xterm', 'XTerm']);
  expect(parseWmClass('WM_CLASS:  not found.\n')).toEqual([]);
});

it('finds executables on PATH like which, skipping files that are not executable', () => {
  const bin = path.join(temp.dir, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(path.join(bin, 'tool'), '#!/bin/sh\n');
  writeFileSync(path.join(bin, 'data'), '');
  chmodSync(path.join(bin, 'tool'), 0o755);
  chmodSync(path.join(bin, 'data'), 0o644);
  const env = { PATH: `${emptyBin}:${bin}` };
  expect(findExecutable('tool', env, 'linux')).toBe(path.join(bin, 'tool'));
  expect(findExecutable('data', env, 'linux')).toBeNull();
  expect(findExecutable('missing', env, 'linux')).toBeNull();
});

describe('capabilities without the tools', () => {
  it('X11 without xclip and xdotool: says what to install, and delivers nothing', async () => {
    const delivery = createTextDelivery({ logger: silentLogger(), env: { PATH: emptyBin, DISPLAY: ':987' } });
    expect(delivery.capabilities.session).toBe('x11');
    expect(delivery.capabilities.paste.available).toBe(false);
    expect(delivery.capabilities.type.missing?.hint).toMatch(/apt install xdotool/);
    expect(delivery.capabilities.copy.missing?.hint).toMatch(/apt install xclip/);
    const result = await delivery.deliverText('hello');
    expect(result).toMatchObject({ method: 'none', ok: false, clipboard: 'untouched' });
    expect(result.notice).toMatch(/^Not delivered: xdotool is not installed/);
  });
  it('Wayland without wl-clipboard, wtype or ydotool', () => {
    const delivery = createTextDelivery({
      logger: silentLogger(),
      env: { PATH: emptyBin, WAYLAND_DISPLAY: 'wayland-0' },
    });
    expect(delivery.capabilities.session).toBe('wayland');
    expect(delivery.capabilities.copy.missing?.hint).toMatch(/wl-clipboard/);
    expect(delivery.capabilities.type.missing?.hint).toMatch(/wtype.*ydotool/);
  });
  it('no desktop session at all', async () => {
    const delivery = createTextDelivery({ logger: silentLogger(), env: { PATH: emptyBin } });
    expect(delivery.capabilities.session).toBe('none');
    const result = await delivery.deliverText('hello');
    expect(result.fallback?.code).toBe('no_desktop_session');
  });
});

/**
 * A clipboard with no read signal, as Electron's clipboard module (and macOS, Windows) has: the
 * paste flow must fall back to its delay and restore only if the clipboard is still ours. Electron
 * cannot run here, so this in-memory clipboard and a key sender that "pastes" by reading it stand in.
 */
class MemoryClipboard implements ClipboardAccess {
  readonly name = 'memory';
  content: string | null;
  constructor(content: string | null) {
    this.content = content;
  }
  save(): Promise<ClipboardSnapshot> {
    const entries = this.content === null ? [] : [{ format: 'text', data: Buffer.from(this.content) }];
    return Promise.resolve({ ...EMPTY_SNAPSHOT, entries });
  }
  restore(snapshot: ClipboardSnapshot): Promise<void> {
    this.content = snapshot.entries[0]?.data.toString() ?? null;
    return Promise.resolve();
  }
  writeText(text: string): Promise<void> {
    this.content = text;
    return Promise.resolve();
  }
  offer(text: string): Promise<ClipboardOffer> {
    this.content = text;
    return Promise.resolve({
      observesConsumption: false,
      arm: () => undefined,
      waitForConsumption: () => Promise.resolve('no-signal' as const),
      firstReadAt: () => null,
      stillOurs: () => Promise.resolve(this.content === text),
      withdraw: () => this.restore(EMPTY_SNAPSHOT),
      persist: () => Promise.resolve(),
    });
  }
}

class PastingKeys implements KeySender {
  readonly name = 'pasting keys';
  pasted: string[] = [];
  constructor(
    private readonly clipboard: MemoryClipboard,
    private readonly fail = false,
  ) {}
  sendChord(): Promise<void> {
    if (this.fail) return Promise.reject(new Error('keystroke refused'));
    this.pasted.push(this.clipboard.content ?? '');
    return Promise.resolve();
  }
  typeText(text: string): Promise<void> {
    this.pasted.push(text);
    return Promise.resolve();
  }
}

describe('paste flow with a clipboard that cannot see reads', () => {
  const env = { PATH: emptyBin, DISPLAY: ':987' };

  it('restores the user clipboard after the conservative delay', async () => {
    const clipboard = new MemoryClipboard('mine');
    const keys = new PastingKeys(clipboard);
    const delivery = createTextDelivery({
      logger: silentLogger(),
      env,
      clipboard,
      keys,
      noSignalRestoreDelayMs: 50,
    });
    const result = await delivery.deliverText('dictated', { target: { windowClass: 'gedit' } });
    expect(keys.pasted).toEqual(['dictated']);
    expect(clipboard.content).toBe('mine');
    expect(result).toMatchObject({
      method: 'paste',
      ok: true,
      consumption: 'no-signal',
      clipboard: 'restored',
    });
    expect(result.timings.consumeWaitMs).toBeGreaterThanOrEqual(45);
  });

  it('keeps a newer copy made during the delay', async () => {
    const clipboard = new MemoryClipboard('mine');
    const keys = new PastingKeys(clipboard);
    const delivery = createTextDelivery({
      logger: silentLogger(),
      env,
      clipboard,
      keys,
      noSignalRestoreDelayMs: 80,
    });
    setTimeout(() => void clipboard.writeText('newer'), 20);
    const result = await delivery.deliverText('dictated', { target: { windowClass: 'gedit' } });
    expect(result.clipboard).toBe('kept-newer-copy');
    expect(clipboard.content).toBe('newer');
  });

  it('leaves the text on the clipboard when the keystroke fails', async () => {
    const clipboard = new MemoryClipboard('mine');
    const delivery = createTextDelivery({
      logger: silentLogger(),
      env,
      clipboard,
      keys: new PastingKeys(clipboard, true),
    });
    const result = await delivery.deliverText('dictated', { target: { windowClass: 'gedit' } });
    expect(result).toMatchObject({
      method: 'copy',
      ok: false,
      clipboard: 'left-with-text',
      notice: 'Copied - press Ctrl+V',
    });
    expect(result.fallback?.code).toBe('keystroke_failed');
    expect(clipboard.content).toBe('dictated');
  });
});
