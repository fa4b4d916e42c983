import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appPaths } from '../../src/services/app-paths.js';
import { SettingsStore } from '../../src/services/settings/settings-store.js';
import { AppError } from '../../src/shared/errors.js';
import {
  DEFAULT_SETTINGS,
  SETTINGS_SCHEMA_VERSION,
  Settings,
  type SettingsWarning,
} from '../../src/shared/settings.js';
import { makeTempDir } from '../helpers/fixtures.js';

// Real files in a temporary data folder; nothing is mocked.
let temp: { dir: string; cleanup: () => void };
let file: string;

beforeEach(() => {
  temp = makeTempDir('dictation-settings-');
  file = appPaths(temp.dir).settingsFile;
});
afterEach(() => temp.cleanup());

function writeSettings(value: unknown) {
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
}

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

function fieldsOf(warnings: readonly SettingsWarning[]) {
  return warnings.map((warning) => warning.field).sort();
}

describe('loading', () => {
  it('gives the defaults without warnings when there is no file, and does not create one', async () => {
    const store = await SettingsStore.open({ file });
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.warnings).toEqual([]);
    expect(existsSync(file)).toBe(false);
  });

  it('defaults are complete and valid', () => {
    expect(Settings.safeParse(DEFAULT_SETTINGS).success).toBe(true);
  });

  it.each([
    ['garbage', 'this is { not json'],
    ['truncated JSON (a crash mid-write by another tool)', '{"hotkeys": {"mode": "hold", "tog'],
    ['an empty file', ''],
    ['an array', '[1, 2, 3]'],
    ['null', 'null'],
  ])(
    'moves a corrupt file (%s) aside, reports and logs it, and uses the defaults',
    async (_name, content) => {
      writeSettings(content);
      const { logger, lines } = capturingLogger();
      const store = await SettingsStore.open({
        file,
        logger,
        now: () => new Date('2025-01-02T03:04:05.678Z'),
      });

      expect(store.get()).toEqual(DEFAULT_SETTINGS);
      const aside = `${file}.corrupt-2025-01-02T03-04-05-678Z`;
      expect(store.warnings).toEqual([expect.objectContaining({ kind: 'corrupt_file', movedTo: aside })]);
      expect(store.warnings[0]!.message).toContain('moved to settings.json.corrupt-2025-01-02T03-04-05-678Z');
      expect(readFileSync(aside, 'utf8')).toBe(content);
      expect(existsSync(file)).toBe(false);
      expect(lines).toContainEqual(
        expect.objectContaining({ event: 'settings_warning', kind: 'corrupt_file' }),
      );

      // The next start finds no file and has nothing to report.
      expect((await SettingsStore.open({ file })).warnings).toEqual([]);
    },
  );

  it('resets only the bad fields and keeps every other value the user chose', async () => {
    writeSettings({
      schemaVersion: 1,
      hotkeys: { mode: 'hold', toggle: 'Alt+Shift+D', hold: 'A', cancel: 'Escape' },
      microphone: { deviceId: 'usb-mic-3', preRollArmed: false, preRollMs: 'lots' },
      speech: { model: 'ggml-small.en.bin', language: 'english please', translate: true, threads: 4 },
      vad: { autoStop: true, silenceMs: 5, threshold: 0.6 },
      delivery: { method: 'telepathy', trailingSpace: false },
      app: { soundCues: false, historyRetentionDays: 30, theme: 'dark' },
    });
    const store = await SettingsStore.open({ file });
    const settings = store.get();

    expect(fieldsOf(store.warnings)).toEqual([
      'delivery.method',
      'hotkeys.hold',
      'microphone.preRollMs',
      'speech.language',
      'vad.silenceMs',
    ]);
    const hold = store.warnings.find((warning) => warning.field === 'hotkeys.hold')!;
    expect(hold.message).toMatch(/"A".*whenever you type it.*"RightCtrl"/);
    expect(store.warnings.find((w) => w.field === 'vad.silenceMs')!.message).toContain('5');

    expect(settings.hotkeys).toEqual({
      mode: 'hold',
      toggle: 'Alt+Shift+D',
      hold: 'RightCtrl',
      cancel: 'Escape',
      pasteLast: '',
    });
    expect(settings.microphone).toEqual({ deviceId: 'usb-mic-3', preRollArmed: false, preRollMs: 500 });
    expect(settings.speech).toEqual({
      ...DEFAULT_SETTINGS.speech,
      model: 'ggml-small.en.bin',
      translate: true,
      threads: 4,
    });
    expect(settings.vad).toEqual({ autoStop: true, silenceMs: 1200, threshold: 0.6 });
    expect(settings.delivery).toEqual({ method: 'paste', trailingSpace: false, onlyStartWindow: true });
    expect(settings.app).toEqual({
      ...DEFAULT_SETTINGS.app,
      soundCues: false,
      historyRetentionDays: 30,
      theme: 'dark',
    });
    // Loading repairs in memory only: the user's file is left as it was until they change something.
    expect(JSON.parse(readFileSync(file, 'utf8')).vad.silenceMs).toBe(5);
  });

  it('resets a group that is not an object and reports unknown names', async () => {
    writeSettings({ vad: 3, delivery: { method: 'copy', trailingSpce: false }, colour: 'blue' });
    const store = await SettingsStore.open({ file });
    expect(store.get().vad).toEqual(DEFAULT_SETTINGS.vad);
    expect(store.get().delivery.method).toBe('copy');
    expect(fieldsOf(store.warnings)).toEqual(['colour', 'delivery.trailingSpce', 'vad']);
  });

  it('resets the hotkeys when they collide with each other', async () => {
    writeSettings({ hotkeys: { mode: 'both', toggle: 'Control+Alt+K', hold: 'F9', cancel: 'F9' } });
    const store = await SettingsStore.open({ file });
    expect(store.get().hotkeys).toEqual(DEFAULT_SETTINGS.hotkeys);
    expect(store.warnings).toEqual([
      expect.objectContaining({ kind: 'conflict', message: expect.stringContaining('both F9') }),
    ]);
  });

  it('reads what it knows from a newer version and says so', async () => {
    writeSettings({ schemaVersion: 7, vad: { silenceMs: 900, wobble: true }, future: {} });
    const store = await SettingsStore.open({ file });
    expect(store.get().vad.silenceMs).toBe(900);
    expect(store.warnings.map((warning) => warning.kind)).toEqual(['newer_version']);
  });

  it('accepts a file saved with a byte-order mark by a Windows editor', async () => {
    writeSettings(`\uFEFF${JSON.stringify({ delivery: { method: 'type' } })}`);
    const store = await SettingsStore.open({ file });
    expect(store.warnings).toEqual([]);
    expect(store.get().delivery.method).toBe('type');
  });
});

describe('updating', () => {
  it('saves a valid change, keeps the other fields, tells subscribers, and survives a restart', async () => {
    const store = await SettingsStore.open({ file });
    const seen: Array<[Settings, Settings]> = [];
    store.subscribe((settings, previous) => seen.push([settings, previous]));

    const updated = await store.update({
      vad: { autoStop: true, silenceMs: 800 },
      hotkeys: { mode: 'toggle' },
    });

    expect(updated.vad).toEqual({ ...DEFAULT_SETTINGS.vad, autoStop: true, silenceMs: 800 });
    expect(updated.hotkeys).toEqual({ ...DEFAULT_SETTINGS.hotkeys, mode: 'toggle' });
    expect(seen).toHaveLength(1);
    expect(seen[0]![0]).toEqual(updated);
    expect(seen[0]![1]).toEqual(DEFAULT_SETTINGS);
    const reopened = await SettingsStore.open({ file });
    expect(reopened.get()).toEqual(updated);
    expect(reopened.warnings).toEqual([]);
    expect(JSON.parse(readFileSync(file, 'utf8')).schemaVersion).toBe(SETTINGS_SCHEMA_VERSION);
  });

  it.each([
    ['a value of the wrong type', { vad: { silenceMs: '800' } }, 'vad.silenceMs'],
    ['a value out of range', { app: { historyRetentionDays: -1 } }, 'app.historyRetentionDays'],
    ['an unknown field', { vad: { silenceMS: 800 } }, 'silenceMS'],
    ['an unknown group', { audio: { gain: 2 } }, 'audio'],
    ['a hold key that fires while typing', { hotkeys: { hold: 'Shift+E' } }, 'whenever you type it'],
    ['a toggle shortcut without a modifier', { hotkeys: { toggle: 'Space' } }, 'every other app'],
    ['a hold key equal to the cancel key', { hotkeys: { hold: 'Ctrl+Escape', cancel: 'Ctrl+Esc' } }, 'both'],
    [
      'a paste-again shortcut equal to the toggle',
      { hotkeys: { pasteLast: 'CommandOrControl+Shift+Space' } },
      'paste-again',
    ],
    [
      'a replacement whose pattern is not a regular expression',
      {
        text: {
          replacements: [
            { from: 'ok', to: 'x' },
            { from: '(a', to: 'b', regex: true },
          ],
        },
      },
      'text.replacements.1.from',
    ],
    [
      'a rule that expands into itself',
      { text: { replacements: [{ from: 'sig', to: 'my sig here' }] } },
      'text.replacements.0',
    ],
    ['not an object at all', 'dark mode please', 'patch'],
  ])('rejects %s and changes nothing', async (_name, patch, mention) => {
    const store = await SettingsStore.open({ file });
    await store.update({ delivery: { trailingSpace: false } });
    const before = readFileSync(file, 'utf8');
    let events = 0;
    store.subscribe(() => events++);

    const error = await store.update(patch).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe('settings_invalid');
    expect((error as AppError).message).toContain(mention);
    expect(store.get()).toEqual({
      ...DEFAULT_SETTINGS,
      delivery: { ...DEFAULT_SETTINGS.delivery, trailingSpace: false },
    });
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(events).toBe(0);
  });

  it('applies updates made at the same time one after another, losing none', async () => {
    const store = await SettingsStore.open({ file });
    await Promise.all([
      store.update({ vad: { silenceMs: 700 } }),
      store.update({ speech: { language: 'de' } }),
      store.update({ app: { theme: 'light' } }),
      store.update({ vad: { threshold: 0.3 } }),
    ]);
    const saved = (await SettingsStore.open({ file })).get();
    expect(saved.vad).toEqual({ ...DEFAULT_SETTINGS.vad, silenceMs: 700, threshold: 0.3 });
    expect(saved.speech.language).toBe('de');
    expect(saved.app.theme).toBe('light');
  });

  it('writes atomically: a reader never sees a half-written file, and no temporary files are left', async () => {
    const store = await SettingsStore.open({ file });
    await store.update({ speech: { initialPrompt: 'x' } });
    let reads = 0;
    let stop = false;
    const failures: string[] = [];
    const reader = (async () => {
      while (!stop) {
        const text = readFileSync(file, 'utf8');
        reads++;
        try {
          Settings.parse(JSON.parse(text));
        } catch {
          failures.push(text.slice(0, 80));
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    // Long prompts make each write large enough to take several write calls if it were not atomic.
    for (let i = 0; i < 150; i++) {
      await store.update({
        speech: { initialPrompt: `${i} ${'Kubernetes Grafana Priya '.repeat(38)}`.slice(0, 1000) },
      });
    }
    stop = true;
    await reader;
    expect(reads).toBeGreaterThan(50);
    expect(failures).toEqual([]);
    expect(readdirSync(temp.dir)).toEqual(['settings.json']);
  });

  it('reports a file it cannot write as an error and keeps the settings in effect', async () => {
    mkdirSync(file); // a folder where the file should be: reading and renaming onto it both fail
    const store = await SettingsStore.open({ file });
    expect(store.warnings.map((warning) => warning.kind)).toEqual(['unreadable_file']);

    const error = await store.update({ app: { soundCues: false } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe('io');
    expect((error as AppError).message).toContain(file);
    expect(store.get().app.soundCues).toBe(true);
    expect(readdirSync(temp.dir)).toEqual([path.basename(file)]);
    // The store still works after a failed write.
    await expect(store.update({ app: { theme: 'dark' } })).rejects.toThrow(AppError);
  });

  it('keeps notifying the other subscribers when one throws', async () => {
    const { logger, lines } = capturingLogger();
    const store = await SettingsStore.open({ file, logger });
    let heard = 0;
    store.subscribe(() => {
      throw new Error('subscriber bug');
    });
    const unsubscribe = store.subscribe(() => heard++);
    await store.update({ app: { launchAtLogin: true } });
    expect(heard).toBe(1);
    expect(lines).toContainEqual(expect.objectContaining({ event: 'settings_listener_failed' }));
    unsubscribe();
    await store.update({ app: { launchAtLogin: false } });
    expect(heard).toBe(1);
  });

  it('resets everything to the defaults', async () => {
    const store = await SettingsStore.open({ file });
    await store.update({ vad: { autoStop: true }, hotkeys: { hold: 'F9' } });
    expect(await store.reset()).toEqual(DEFAULT_SETTINGS);
    expect((await SettingsStore.open({ file })).get()).toEqual(DEFAULT_SETTINGS);
  });
});

describe('the text rules in the settings file', () => {
  it('leaves out a bad entry with its position and the reason, and keeps the rest', async () => {
    writeSettings({
      schemaVersion: 2,
      text: {
        words: ['Kubernetes', '', 'Grafana'],
        replacements: [
          { from: 'my email', to: 'a@example.org' },
          { from: '(unclosed', to: 'x', regex: true },
          { from: 'sig', to: 'Best,\nAda' },
        ],
        profiles: [{ app: 'xterm', paste: 'ctrl+shift+v', after: 'enter' }, { paste: 'type' }],
      },
    });
    const store = await SettingsStore.open({ file });
    const { text } = store.get();
    expect(text.words).toEqual(['Kubernetes', 'Grafana']);
    expect(text.replacements.map((r) => r.from)).toEqual(['my email', 'sig']);
    expect(text.profiles).toEqual([{ app: 'xterm', paste: 'ctrl+shift+v', after: 'enter' }]);
    expect(fieldsOf(store.warnings)).toEqual([
      'text.profiles[1]',
      'text.replacements[1].from',
      'text.words[1]',
    ]);
    expect(store.warnings.find((w) => w.field === 'text.words[1]')!.message).toMatch(/empty word/);
    expect(store.warnings.find((w) => w.field === 'text.replacements[1].from')!.message).toMatch(
      /other rules still work/,
    );
  });

  it('moves a version 1 "Words to expect" list into the words list; a sentence stays the prompt', async () => {
    writeSettings({ schemaVersion: 1, speech: { initialPrompt: 'Kubernetes, Grafana;  Priya\nkubernetes' } });
    const listed = (await SettingsStore.open({ file })).get();
    expect(listed.text.words).toEqual(['Kubernetes', 'Grafana', 'Priya']);
    expect(listed.speech.initialPrompt).toBe('');

    writeSettings({
      schemaVersion: 1,
      speech: { initialPrompt: 'A meeting about the quarterly budget review.' },
    });
    const sentence = (await SettingsStore.open({ file })).get();
    expect(sentence.text.words).toEqual([]);
    expect(sentence.speech.initialPrompt).toBe('A meeting about the quarterly budget review.');
  });

  it('saves a valid change of the rules and reads it back', async () => {
    const store = await SettingsStore.open({ file });
    await store.update({ text: { words: ['Zod'], fillers: false } });
    const reopened = await SettingsStore.open({ file });
    expect(reopened.get().text).toMatchObject({ words: ['Zod'], fillers: false, commands: true });
    expect(reopened.warnings).toEqual([]);
  });
});
