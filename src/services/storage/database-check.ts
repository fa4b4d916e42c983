import { existsSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Logger } from '../logging/logger.js';
import { openDatabase, type Database } from './database.js';
import type { Notice } from '../events/notice-board.js';

/** SQLite's primary result codes that mean the file's content is damaged (not a lock or a full disk). */
const SQLITE_CORRUPT = 11;
const SQLITE_NOTADB = 26;

export interface MovedDatabase {
  /** The damaged file's old place (the app's database path). */
  from: string;
  /** Where it is now (next to it: `dictation.db.corrupt-<time>`; its -wal and -shm beside it). */
  to: string;
  /** What SQLite said about it. */
  reason: string;
  /** One sentence for the window. */
  message: string;
}

export interface CheckedDatabase {
  db: Database;
  /** Set when the file was damaged and the app starts with an empty database. */
  movedAside: MovedDatabase | null;
}

/**
 * Opens the app's database after checking it (`PRAGMA quick_check`). A damaged file (garbage, a
 * truncated copy, a failed quick check) is moved aside with its -wal and -shm files, as the settings
 * store does with a damaged settings file, and an empty database is created in its place: the app
 * starts, and the caller tells the user what was moved where. Other failures (no permission, a full
 * disk, a lock) are not damage: they are thrown as openDatabase throws them, and nothing is moved.
 */
export function openCheckedDatabase(
  file: string,
  options: { logger?: Logger; now?: () => Date } = {},
): CheckedDatabase {
  const damage = file === ':memory:' ? null : findDamage(file);
  if (damage === null) return { db: openDatabase(file, undefined, options), movedAside: null };
  const stamp = (options.now ?? (() => new Date()))().toISOString().replace(/[:.]/g, '-');
  const to = `${file}.corrupt-${stamp}`;
  renameSync(file, to);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, to + suffix);
  }
  const message = `The history database ${path.basename(file)} was damaged (${damage}) and was moved to ${to}; history and file jobs start empty.`;
  const movedAside: MovedDatabase = { from: file, to, reason: damage, message };
  options.logger?.error(
    { event: 'database_moved_aside', from: file, to, reason: damage },
    'the database was damaged and was moved aside; starting with an empty one',
  );
  return { db: openDatabase(file, undefined, options), movedAside };
}

/** What is wrong with the file's content, or null when it is fine, missing or empty (a new database). */
function findDamage(file: string): string | null {
  if (!existsSync(file) || statSync(file).size === 0) return null;
  let db: DatabaseSync | null = null;
  try {
    // Read-only: the check must not checkpoint a WAL into a damaged file or delete anything.
    db = new DatabaseSync(file, { readOnly: true });
    const rows = db.prepare('PRAGMA quick_check(5)').all() as { quick_check: string }[];
    const problems = rows.map((row) => String(row.quick_check)).filter((text) => text !== 'ok');
    return problems.length === 0 ? null : `quick check: ${problems.join('; ')}`;
  } catch (error) {
    const code = Number((error as { errcode?: unknown }).errcode) & 0xff;
    if (code === SQLITE_CORRUPT || code === SQLITE_NOTADB) return (error as Error).message;
    // Not damage (locked, unreadable, disk full): openDatabase reports it with its own hint.
    return null;
  } finally {
    db?.close();
  }
}

/** What the window says at start about the database: that a damaged one was moved aside, or nothing. */
export function databaseStartupNotices(checked: CheckedDatabase): Notice[] {
  if (!checked.movedAside) return [];
  return [
    {
      level: 'warning',
      message: checked.movedAside.message,
      hint: 'The damaged file is kept beside the new one; delete it once you no longer need it.',
    },
  ];
}
