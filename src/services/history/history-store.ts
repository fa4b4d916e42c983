import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import {
  HistoryEntry,
  HistoryPageRequest,
  HistoryTimings,
  HistoryVersion,
  NewHistoryEntry,
  type HistoryPage,
} from '../../shared/history.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import type { Database } from '../storage/database.js';
import { ftsQuery } from './fts-query.js';

interface HistoryRow {
  id: string;
  created_at: number;
  text: string;
  duration_ms: number;
  model: string;
  language: string | null;
  timings_json: string;
  delivery: string;
  app: string | null;
  raw_text: string | null;
  audio_ms: number | null;
  versions_json: string;
}

const DAY_MS = 86_400_000;
const COLUMNS =
  'h.id, h.created_at, h.text, h.duration_ms, h.model, h.language, h.timings_json, h.delivery, h.app, ' +
  'h.raw_text, h.audio_ms, h.versions_json';

/**
 * Every dictation, in the app's SQLite database (table `history` and full-text index `history_fts` from
 * migration 1). Deleting makes the words unrecoverable from the file: secure_delete overwrites freed pages,
 * and the index's secure-delete option (migration 3) removes a row's words instead of marking them deleted.
 */
export class HistoryStore {
  private readonly logger: Logger;

  constructor(
    private readonly db: Database,
    options: { logger?: Logger } = {},
  ) {
    this.logger = options.logger ?? silentLogger();
    db.exec('PRAGMA secure_delete = ON');
  }

  /** Saves one dictation; returns it as stored (with id and createdAt filled in). */
  add(input: NewHistoryEntry): HistoryEntry {
    const parsed = NewHistoryEntry.safeParse(input);
    if (!parsed.success) {
      throw new AppError(
        'invalid_request',
        `Cannot save a history entry: ${parsed.error.issues[0]?.message}`,
        {
          detail: JSON.stringify(parsed.error.issues),
        },
      );
    }
    const entry: HistoryEntry = {
      ...parsed.data,
      id: parsed.data.id ?? randomUUID(),
      createdAt: parsed.data.createdAt ?? Date.now(),
    };
    this.db
      .prepare(
        `INSERT INTO history (id, created_at, text, duration_ms, model, language, timings_json, delivery, app,
           raw_text, audio_ms, versions_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        entry.id,
        entry.createdAt,
        entry.text,
        entry.durationMs,
        entry.model,
        entry.language,
        JSON.stringify(entry.timings),
        entry.delivery,
        entry.app,
        entry.rawText,
        entry.audioMs,
        JSON.stringify(entry.versions),
      );
    return entry;
  }

  get(id: string): HistoryEntry | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM history h WHERE h.id = ?`).get(id);
    return row ? this.toEntry(row as unknown as HistoryRow) : undefined;
  }

  /**
   * One page, newest first: everything, or the entries containing all the words of `search` (the last
   * word as a prefix). Any text is a valid search.
   */
  page(request: HistoryPageRequest = {}): HistoryPage {
    const { search, limit, cursor } = HistoryPageRequest.parse(request);
    const match = search === undefined ? undefined : ftsQuery(search);
    const where: string[] = [];
    const params: Array<string | number> = [];
    let from = 'history h';
    if (match !== undefined) {
      from = 'history_fts f JOIN history h ON h.rowid = f.rowid';
      where.push('history_fts MATCH ?');
      params.push(match);
    }
    if (cursor !== undefined) {
      const after = decodeCursor(cursor);
      where.push('(h.created_at < ? OR (h.created_at = ? AND h.id < ?))');
      params.push(after.createdAt, after.createdAt, after.id);
    }
    const sql = `SELECT ${COLUMNS} FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY h.created_at DESC, h.id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...params, limit + 1) as unknown as HistoryRow[];
    const entries = rows.slice(0, limit).map((row) => this.toEntry(row));
    const last = entries.at(-1);
    return rows.length > limit && last ? { entries, nextCursor: encodeCursor(last) } : { entries };
  }

  /** Number of entries, or of those matching `search`. */
  count(search?: string): number {
    const match = search === undefined ? undefined : ftsQuery(search);
    const row =
      match === undefined
        ? this.db.prepare('SELECT count(*) AS n FROM history').get()
        : this.db.prepare('SELECT count(*) AS n FROM history_fts WHERE history_fts MATCH ?').get(match);
    return Number((row as { n: number }).n);
  }

  /** True when the entry existed. */
  delete(id: string): boolean {
    const deleted = this.inTransaction(
      () => this.db.prepare('DELETE FROM history WHERE id = ?').run(id).changes,
    );
    return deleted > 0;
  }

  /** Removes everything; returns how many entries there were. */
  deleteAll(): number {
    const deleted = this.deleteMany('', []);
    this.logger.info({ event: 'history_cleared', deleted }, 'history cleared');
    return deleted;
  }

  /** Deletes entries older than `retentionDays` (0 keeps everything); returns how many. */
  prune(retentionDays: number, now = Date.now()): number {
    if (!Number.isInteger(retentionDays) || retentionDays < 0) {
      throw new AppError(
        'invalid_request',
        `History retention must be a whole number of days, not ${retentionDays}.`,
      );
    }
    if (retentionDays === 0) return 0;
    const cutoff = now - retentionDays * DAY_MS;
    const deleted = this.deleteMany('WHERE created_at < ?', [cutoff]);
    if (deleted > 0) {
      this.logger.info({ event: 'history_pruned', deleted, retentionDays }, 'old history deleted');
    }
    return deleted;
  }

  /**
   * Many rows at once: removing each row's words from the index one by one (secure-delete) takes seconds
   * for thousands of rows, so the index marks them deleted and is then rewritten once without them.
   */
  private deleteMany(where: string, params: number[]): number {
    return this.inTransaction(() => {
      this.db.exec(`INSERT INTO history_fts(history_fts, rank) VALUES ('secure-delete', 0)`);
      const deleted = this.db.prepare(`DELETE FROM history ${where}`).run(...params).changes;
      if (Number(deleted) > 0) this.db.exec(`INSERT INTO history_fts(history_fts) VALUES ('optimize')`);
      this.db.exec(`INSERT INTO history_fts(history_fts, rank) VALUES ('secure-delete', 1)`);
      return deleted;
    });
  }

  private inTransaction(work: () => number | bigint): number {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = Number(work());
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  private toEntry(row: HistoryRow): HistoryEntry {
    let timings: HistoryTimings = {};
    const parsed = HistoryTimings.safeParse(safeJson(row.timings_json));
    if (parsed.success) timings = parsed.data;
    else
      this.logger.warn(
        { event: 'history_bad_timings', id: row.id, timings: row.timings_json },
        'unreadable timings',
      );
    return HistoryEntry.parse({
      id: row.id,
      createdAt: Number(row.created_at),
      text: row.text,
      durationMs: Number(row.duration_ms),
      timings,
      model: row.model,
      language: row.language,
      delivery: row.delivery,
      app: row.app,
      rawText: row.raw_text,
      audioMs: row.audio_ms === null ? null : Number(row.audio_ms),
      versions: this.versionsOf(row),
    });
  }

  private versionsOf(row: HistoryRow): HistoryVersion[] {
    const parsed = HistoryVersion.array().safeParse(safeJson(row.versions_json));
    if (parsed.success) return parsed.data;
    this.logger.warn({ event: 'history_bad_versions', id: row.id }, 'unreadable other transcripts');
    return [];
  }

  /** Marks the entry's audio as kept (its length), or as gone (null). */
  setAudio(id: string, audioMs: number | null): void {
    this.db.prepare('UPDATE history SET audio_ms = ? WHERE id = ?').run(audioMs, id);
  }

  /** The entries with kept audio, oldest first (for retention and the size cap). */
  withAudio(): { id: string; createdAt: number }[] {
    const rows = this.db
      .prepare('SELECT id, created_at FROM history WHERE audio_ms IS NOT NULL ORDER BY created_at, id')
      .all() as unknown as { id: string; created_at: number }[];
    return rows.map((row) => ({ id: row.id, createdAt: Number(row.created_at) }));
  }

  /**
   * Another transcript of the entry's audio: "replace" makes it the entry's text (the old text is kept
   * among the versions), "add" keeps it beside the text. Returns the entry as it is now.
   */
  revise(id: string, version: HistoryVersion, mode: 'replace' | 'add'): HistoryEntry {
    const entry = this.get(id);
    if (!entry) throw notFound(id);
    const current: HistoryVersion = {
      text: entry.text,
      rawText: entry.rawText,
      model: entry.model,
      language: entry.language,
      createdAt: entry.createdAt,
    };
    if (mode === 'add') {
      this.db
        .prepare('UPDATE history SET versions_json = ? WHERE id = ?')
        .run(JSON.stringify([...entry.versions, version]), id);
    } else {
      this.db
        .prepare(
          'UPDATE history SET text = ?, raw_text = ?, model = ?, language = ?, versions_json = ? WHERE id = ?',
        )
        .run(
          version.text,
          version.rawText,
          version.model,
          version.language,
          JSON.stringify([...entry.versions, current]),
          id,
        );
    }
    return this.get(id)!;
  }
}

function notFound(id: string): AppError {
  return new AppError('invalid_request', `There is no history entry ${id}.`, {
    hint: 'It may have been deleted: reload the history.',
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // reported by the caller's schema check
  }
}

function encodeCursor(entry: HistoryEntry): string {
  return `${entry.createdAt}:${entry.id}`;
}

function decodeCursor(cursor: string): { createdAt: number; id: string } {
  const colon = cursor.indexOf(':');
  const createdAt = Number(cursor.slice(0, colon));
  if (colon < 1 || !Number.isInteger(createdAt)) {
    throw new AppError('invalid_request', `"${cursor}" is not a history page cursor.`, {
      hint: 'Pass back the nextCursor of the previous page.',
    });
  }
  return { createdAt, id: cursor.slice(colon + 1) };
}
