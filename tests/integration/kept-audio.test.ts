import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CompletedDictation } from '../../src/services/dictation/dictation-controller.js';
import { AudioStore } from '../../src/services/history/audio-store.js';
import { HistoryStore } from '../../src/services/history/history-store.js';
import { KeptDictationAudio } from '../../src/services/history/kept-dictation-audio.js';
import { ObservableHistory } from '../../src/services/history/observable-history.js';
import { silentLogger } from '../../src/services/logging/logger.js';
import { openDatabase, type Database } from '../../src/services/storage/database.js';
import { SAMPLE_RATE } from '../../src/shared/audio.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings.js';
import { makeTempDir } from '../helpers/fixtures.js';

// Real files in a temporary data folder and a real SQLite history; nothing is mocked.
const DAY = 86_400_000;
let temp: { dir: string; cleanup: () => void };
let db: Database;
let history: ObservableHistory;
let store: AudioStore;
let settings: Settings;
let now: number;
let kept: KeptDictationAudio;
const notices: string[] = [];

beforeEach(() => {
  temp = makeTempDir('dictation-audio-');
  db = openDatabase(path.join(temp.dir, 'dictation.db'));
  history = new ObservableHistory(new HistoryStore(db));
  store = new AudioStore(path.join(temp.dir, 'audio'));
  settings = structuredClone(DEFAULT_SETTINGS) as Settings;
  now = Date.now();
  kept = new KeptDictationAudio({
    store,
    history,
    settings: () => settings,
    logger: silentLogger(),
    notify: (message) => notices.push(message),
    now: () => now,
  });
});
afterEach(() => {
  db.close();
  temp.cleanup();
});

/** A dictation of `seconds` of a quiet tone, saved in the history as the app does before its audio. */
function dictation(id: string, seconds: number, createdAt = now): CompletedDictation {
  const audio = new Float32Array(Math.round(seconds * SAMPLE_RATE)).map((_, i) => 0.1 * Math.sin(i / 10));
  history.add({ id, text: `dictation ${id}`, durationMs: seconds * 1000, model: 'micro-en', createdAt });
  return {
    sessionId: id,
    text: `dictation ${id}`,
    rawText: `dictation ${id}`,
    transcript: {
      segments: [],
      language: 'en',
      audioMs: seconds * 1000,
      timings: { decodeMs: 0, inferenceMs: 0 },
    },
    timings: { recordedMs: seconds * 1000, speechMs: 0, transcribeMs: 0, deliverMs: 0, releaseToTextMs: 0 },
    delivery: null,
    trigger: 'hotkey',
    audio,
    transcriptOffsetMs: 0,
  };
}

const files = () => (existsSync(store.dir) ? readdirSync(store.dir).sort() : []);

describe('the audio of each dictation', () => {
  it('is kept owner-only beside its history entry, and can be read back as a WAV', async () => {
    await kept.onCompleted(dictation('a1', 2));
    expect(files()).toEqual(['a1.wav']);
    const file = path.join(store.dir, 'a1.wav');
    expect(statSync(file).size).toBe(44 + 2 * SAMPLE_RATE * 2);
    if (process.platform !== 'win32') {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(store.dir).mode & 0o777).toBe(0o700);
    }
    expect(history.get('a1')?.audioMs).toBe(2000);
    const wav = await kept.wav('a1');
    expect(wav.subarray(0, 4).toString()).toBe('RIFF');
    expect(await kept.file('a1')).toBe(file);
  });

  it('is not kept with retention 0, and what was kept goes when the setting becomes 0', async () => {
    await kept.onCompleted(dictation('b1', 1));
    settings.app.audioRetentionDays = 0;
    await kept.onCompleted(dictation('b2', 1));
    expect(files()).toEqual(['b1.wav']);
    await kept.prune();
    expect(files()).toEqual([]);
    expect(history.get('b1')?.audioMs).toBeNull();
    await expect(kept.wav('b1')).rejects.toMatchObject({ kind: 'audio_not_found' });
  });

  it('goes after the retention days; the text stays in the history', async () => {
    settings.app.audioRetentionDays = 7;
    await kept.onCompleted(dictation('old', 1, now - 8 * DAY));
    await kept.onCompleted(dictation('new', 1, now - 6 * DAY));
    expect(files()).toEqual(['new.wav']);
    expect(history.get('old')).toMatchObject({ text: 'dictation old', audioMs: null });
  });

  it('keeps under the size cap by dropping the oldest first', async () => {
    settings.app.audioMaxMb = 10;
    // 3 x 2 minutes of 16 kHz 16-bit audio: 3 x 3.84 MB, over 10 MB.
    await kept.onCompleted(dictation('c1', 120, now - 3000));
    await kept.onCompleted(dictation('c2', 120, now - 2000));
    await kept.onCompleted(dictation('c3', 120, now - 1000));
    expect(files()).toEqual(['c2.wav', 'c3.wav']);
    expect(history.get('c1')?.audioMs).toBeNull();
    expect(history.get('c3')?.audioMs).toBe(120_000);
  });

  it('goes with its entry when deleted, all of it when the history is cleared; strays are swept', async () => {
    const stop = kept.start();
    await kept.onCompleted(dictation('d1', 1));
    await kept.onCompleted(dictation('d2', 1));
    await kept.onCompleted(dictation('d3', 1));
    history.delete('d1');
    await expect.poll(files).toEqual(['d2.wav', 'd3.wav']);
    // A file no entry names (a crash between saving and recording it), older than a minute.
    const stray = path.join(store.dir, 'stray.wav');
    writeFileSync(stray, 'RIFF');
    utimesSync(stray, new Date(now - 120_000), new Date(now - 120_000));
    await kept.prune();
    expect(files()).toEqual(['d2.wav', 'd3.wav']);
    history.deleteAll();
    await expect.poll(files).toEqual([]);
    stop();
  });

  it('refuses ids that are not plain file names', async () => {
    await kept.onCompleted(dictation('e1', 1));
    expect(store.fileOf('../settings')).toBeNull();
    await expect(kept.wav('../e1')).rejects.toMatchObject({ kind: 'audio_not_found' });
  });
});
