import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appPaths } from '../../src/services/app-paths.js';
import { HistoryStore } from '../../src/services/history/history-store.js';
import { openDatabase, type Database } from '../../src/services/storage/database.js';
import { AppError } from '../../src/shared/errors.js';
import type { HistoryEntry, NewHistoryEntry } from '../../src/shared/history.js';
import { makeTempDir } from '../helpers/fixtures.js';

// A real SQLite database file (node:sqlite, WAL, the app's migrations); nothing is mocked.
let temp: { dir: string; cleanup: () => void };
let dbFile: string;
let db: Database;
let history: HistoryStore;

beforeEach(() => {
  temp = makeTempDir('dictation-history-');
  dbFile = appPaths(temp.dir).databaseFile;
  db = openDatabase(dbFile);
  history = new HistoryStore(db);
});
afterEach(() => {
  db.close();
  temp.cleanup();
});

const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);

function entry(text: string, extra: Partial<NewHistoryEntry> = {}): NewHistoryEntry {
  return { text, durationMs: 2000, model: 'ggml-base.en.bin', ...extra };
}

function texts(entries: HistoryEntry[]) {
  return entries.map((e) => e.text);
}

function searchTexts(search: string) {
  return texts(history.page({ search, limit: 500 }).entries).sort();
}

/** Everything SQLite keeps on disk for the database: the file and its write-ahead log. */
function bytesOnDisk(): string {
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  return readFileSync(dbFile).toString('latin1');
}

describe('saving and reading', () => {
  it('stores every field and reads it back', () => {
    const saved = history.add(
      entry('Send the report to Priya by Friday.', {
        durationMs: 4210,
        language: 'en',
        delivery: 'pasted',
        app: 'gedit',
        timings: { captureMs: 4300, vadMs: 12, transcribeMs: 640, deliverMs: 35, totalMs: 702, queueMs: 3 },
      }),
    );
    expect(saved.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Math.abs(saved.createdAt - Date.now())).toBeLessThan(5000);
    expect(history.get(saved.id)).toEqual(saved);
    expect(saved.timings).toEqual({
      captureMs: 4300,
      vadMs: 12,
      transcribeMs: 640,
      deliverMs: 35,
      totalMs: 702,
      queueMs: 3,
    });

    const minimal = history.add(entry('hello', { id: 'fixed-id', createdAt: T0 }));
    expect(history.get('fixed-id')).toEqual({
      id: 'fixed-id',
      createdAt: T0,
      text: 'hello',
      durationMs: 2000,
      model: 'ggml-base.en.bin',
      timings: {},
      language: null,
      delivery: 'none',
      app: null,
      rawText: null,
      audioMs: null,
      versions: [],
    });
    expect(minimal.id).toBe('fixed-id');
    expect(history.get('no-such-id')).toBeUndefined();
  });

  it('rejects an entry that does not fit the schema', () => {
    expect(() => history.add(entry('x', { durationMs: -5 }))).toThrow(AppError);
    expect(() =>
      history.add({ ...entry('x'), delivery: 'teleported' } as unknown as NewHistoryEntry),
    ).toThrow(AppError);
    expect(history.count()).toBe(0);
  });

  it('sees entries written by another connection to the same file (the CLI and the app)', () => {
    history.add(entry('written here'));
    const other = openDatabase(dbFile);
    try {
      expect(texts(new HistoryStore(other).page().entries)).toEqual(['written here']);
    } finally {
      other.close();
    }
  });
});

describe('paging', () => {
  beforeEach(() => {
    // 120 entries; each pair shares a timestamp so the order must break ties by id. One transaction
    // instead of 120 synced commits keeps this fast on a busy disk.
    db.exec('BEGIN');
    for (let i = 0; i < 120; i++) {
      history.add(
        entry(`note number ${i}`, {
          id: `id-${String(i).padStart(3, '0')}`,
          createdAt: T0 + Math.floor(i / 2) * 1000,
        }),
      );
    }
    db.exec('COMMIT');
  });

  it('walks everything newest first, without gaps or repeats', () => {
    const seen: HistoryEntry[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    do {
      const page = history.page({ limit: 50, ...(cursor ? { cursor } : {}) });
      sizes.push(page.entries.length);
      seen.push(...page.entries);
      cursor = page.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([50, 50, 20]);
    expect(seen.map((e) => e.id)).toEqual(
      Array.from({ length: 120 }, (_, i) => `id-${String(119 - i).padStart(3, '0')}`),
    );
  });

  it('keeps its place when new dictations arrive between pages', () => {
    const first = history.page({ limit: 10 });
    history.add(entry('brand new', { createdAt: T0 + 10_000_000 }));
    const second = history.page({ limit: 10, cursor: first.nextCursor! });
    expect(second.entries[0]!.id).toBe('id-109');
    expect(history.page({ limit: 1 }).entries[0]!.text).toBe('brand new');
  });

  it('pages search results the same way', () => {
    const all = history.page({ search: 'number', limit: 500 }).entries;
    const first = history.page({ search: 'number', limit: 70 });
    const rest = history.page({ search: 'number', limit: 70, cursor: first.nextCursor! });
    expect(rest.nextCursor).toBeUndefined();
    expect([...first.entries, ...rest.entries]).toEqual(all);
    expect(all).toHaveLength(120);
  });

  it('counts all entries and matching ones', () => {
    expect(history.count()).toBe(120);
    expect(history.count('number 7')).toBe(11); // 7 and 70..79 (the last word is a prefix)
    expect(history.count('number 7 ')).toBe(1); // a finished word matches whole words only
  });

  it('rejects a cursor it did not make', () => {
    expect(() => history.page({ cursor: 'garbage' })).toThrow(AppError);
  });
});

describe('full-text search', () => {
  beforeEach(() => {
    const lines = [
      'Deploy the Kubernetes cluster on Monday',
      'Grafana dashboards need a new panel',
      'Meet Priya at the café near the station',
      'Please do not disturb before noon',
      'The category list is long',
      'My cat sleeps all day',
      'She said "ship it" and left',
      'Costs rose 20% in C++ builds; AND the linker is slow',
      'text: column-like words (with parentheses) and a * star',
      'Ünïcödé wörds and 日本語のテキスト',
    ];
    lines.forEach((text, i) => history.add(entry(text, { createdAt: T0 + i })));
  });

  it('matches the word being typed as a prefix, case-insensitively', () => {
    expect(searchTexts('kub')).toEqual(['Deploy the Kubernetes cluster on Monday']);
    expect(searchTexts('KUBERNETES')).toEqual(['Deploy the Kubernetes cluster on Monday']);
    expect(searchTexts('cat')).toEqual(['My cat sleeps all day', 'The category list is long']);
    expect(searchTexts('cat ')).toEqual(['My cat sleeps all day']);
  });

  it('needs every word, in any order', () => {
    expect(searchTexts('monday deploy')).toEqual(['Deploy the Kubernetes cluster on Monday']);
    expect(searchTexts('monday grafana')).toEqual([]);
  });

  it('ignores accents and handles non-Latin scripts', () => {
    expect(searchTexts('cafe')).toEqual(['Meet Priya at the café near the station']);
    expect(searchTexts('unicode words')).toEqual(['Ünïcödé wörds and 日本語のテキスト']);
  });

  it('treats operators, quotes and punctuation the user types as plain text', () => {
    expect(searchTexts('not')).toEqual(['Please do not disturb before noon']);
    expect(searchTexts('do NOT disturb')).toEqual(['Please do not disturb before noon']);
    // "OR" is a word to find, not an operator: no entry has all of apple, or, kubernetes.
    expect(searchTexts('apple OR kubernetes')).toEqual([]);
    expect(searchTexts('"ship it"')).toEqual(['She said "ship it" and left']);
    expect(searchTexts('c++ AND')).toEqual(['Costs rose 20% in C++ builds; AND the linker is slow']);
    expect(searchTexts('20%')).toEqual(['Costs rose 20% in C++ builds; AND the linker is slow']);
    expect(searchTexts('text: column-like (with')).toEqual([
      'text: column-like words (with parentheses) and a * star',
    ]);
  });

  it('never fails, whatever the user types', () => {
    const awkward = [
      '"',
      '""',
      '"unbalanced quote',
      "it's",
      'AND',
      'OR',
      'NOT',
      'a NOT',
      'NEAR(a b, 2)',
      'text:foo',
      'history_fts:foo',
      '*',
      'kub*',
      '^start',
      '(',
      ')',
      '{text}: a',
      '-',
      '+',
      "'; DROP TABLE history; --",
      '\\',
      '\u0000',
      // SQLite reads an FTS5 query as a C string: a NUL inside a quoted word ended it early.
      'a\u0000"b',
      'ship\u0000 it',
      '"\u0000x\u0007"',
      '🎤 emoji',
      '   ',
      '',
      'x'.repeat(500),
      Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '),
    ];
    for (const search of awkward) {
      expect(() => history.page({ search }), JSON.stringify(search)).not.toThrow();
      expect(() => history.count(search), JSON.stringify(search)).not.toThrow();
    }
    expect(history.count()).toBe(10);
  });

  it('lists everything for a search with no words in it', () => {
    expect(history.page({ search: '  ** ' }).entries).toHaveLength(10);
  });
});

describe('deleting', () => {
  it('deletes one entry so it is neither listed nor found, and its words are gone from the file', () => {
    const keep = history.add(entry('keep this alpha note'));
    const secret = history.add(entry('the door code is zqxvblorp alpha'));
    expect(bytesOnDisk()).toContain('zqxvblorp');

    expect(history.delete(secret.id)).toBe(true);
    expect(history.delete(secret.id)).toBe(false);
    expect(history.get(secret.id)).toBeUndefined();
    expect(searchTexts('zqxv')).toEqual([]);
    expect(searchTexts('alpha')).toEqual(['keep this alpha note']);
    expect(history.count()).toBe(1);
    expect(history.get(keep.id)?.text).toBe('keep this alpha note');
    expect(bytesOnDisk()).not.toContain('zqxvblorp');
  });

  it('deletes everything, including the search index', () => {
    for (let i = 0; i < 30; i++) history.add(entry(`private thought ${i} mnbvqwerty`));
    expect(history.deleteAll()).toBe(30);
    expect(history.count()).toBe(0);
    expect(history.page().entries).toEqual([]);
    expect(history.count('private')).toBe(0);
    expect(bytesOnDisk()).not.toContain('mnbvqwerty');
    // Still usable afterwards.
    history.add(entry('fresh start'));
    expect(searchTexts('fresh')).toEqual(['fresh start']);
  });

  it('prunes entries older than the retention period and keeps the rest', () => {
    const now = T0;
    const day = 86_400_000;
    history.add(entry('today', { createdAt: now - 1000 }));
    history.add(entry('ten days ago', { createdAt: now - 10 * day }));
    history.add(entry('just inside thirty days', { createdAt: now - 30 * day + 1000 }));
    history.add(entry('forty days ago oldword', { createdAt: now - 40 * day }));
    history.add(entry('a year ago oldword', { createdAt: now - 365 * day }));

    expect(history.prune(0, now)).toBe(0); // 0 keeps everything
    expect(history.count()).toBe(5);
    expect(history.prune(30, now)).toBe(2);
    expect(texts(history.page().entries)).toEqual(['today', 'ten days ago', 'just inside thirty days']);
    expect(history.count('oldword')).toBe(0);
    expect(bytesOnDisk()).not.toContain('oldword');
    expect(history.prune(30, now)).toBe(0);
    // A bulk delete switches the index's secure-delete off for speed: it must be back on afterwards.
    const later = history.add(entry('pin is qpwoeiruty', { createdAt: now }));
    history.delete(later.id);
    expect(bytesOnDisk()).not.toContain('qpwoeiruty');
    expect(() => history.prune(-1, now)).toThrow(AppError);
    expect(() => history.prune(1.5, now)).toThrow(AppError);
  });

  it('keeps the recognised text beside the delivered one, and other transcripts of the audio', () => {
    const saved = history.add(entry('Hello, world.', { rawText: 'hello comma world period' }));
    expect(history.get(saved.id)).toMatchObject({
      text: 'Hello, world.',
      rawText: 'hello comma world period',
    });
    history.setAudio(saved.id, 2500);
    expect(history.withAudio()).toEqual([{ id: saved.id, createdAt: saved.createdAt }]);

    const added = history.revise(
      saved.id,
      { text: 'Hello world!', rawText: null, model: 'small.en', language: 'en', createdAt: T0 },
      'add',
    );
    expect(added.text).toBe('Hello, world.');
    expect(added.versions.map((v) => v.text)).toEqual(['Hello world!']);

    const replaced = history.revise(
      saved.id,
      { text: 'Hello there, world.', rawText: null, model: 'medium.en', language: 'en', createdAt: T0 + 1 },
      'replace',
    );
    expect(replaced).toMatchObject({ text: 'Hello there, world.', model: 'medium.en', audioMs: 2500 });
    // Nothing is lost: the text it replaced is among the versions, and search finds the new one.
    expect(replaced.versions.map((v) => v.text)).toEqual(['Hello world!', 'Hello, world.']);
    expect(searchTexts('there')).toEqual(['Hello there, world.']);
    expect(() => history.revise('no-such-id', replaced.versions[0]!, 'add')).toThrow(AppError);
    history.setAudio(saved.id, null);
    expect(history.withAudio()).toEqual([]);
  });
});
