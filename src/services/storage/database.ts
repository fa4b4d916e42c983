import { closeSync, openSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../shared/errors.js';
import type { Logger } from '../logging/logger.js';
import { MIGRATIONS, type Migration } from './migrations.js';
import {
  ensurePrivateDir,
  PRIVATE_FILE_MODE,
  tightenMode,
  type ModeProblemHandler,
} from './private-files.js';

export type Database = DatabaseSync;

/**
 * Opens (creating if needed) the app's SQLite database: history and jobs live here.
 * WAL keeps readers and the writer out of each other's way; a busy timeout rides out a second process.
 */
export function openDatabase(
  file: string,
  migrations: readonly Migration[] = MIGRATIONS,
  options: { logger?: Logger } = {},
): Database {
  let db: DatabaseSync;
  try {
    if (file !== ':memory:') makePrivate(file, options.logger);
    db = new DatabaseSync(file);
    db.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
  } catch (error) {
    throw new AppError('io', `Cannot open the database ${file}: ${(error as Error).message}`, {
      hint: 'Check that the folder is writable and the disk is not full.',
    });
  }
  migrate(db, migrations);
  return db;
}

/**
 * History holds every dictation's text: the database and its -wal and -shm files are owner-only.
 * SQLite gives the -wal and -shm files the database file's mode, so the database is created 0600
 * before SQLite opens it; files left wider by an older version are tightened.
 */
function makePrivate(file: string, logger: Logger | undefined): void {
  const onProblem: ModeProblemHandler | undefined = logger
    ? (problem) => logger.warn({ event: 'database_not_private', ...problem }, problem.message)
    : undefined;
  ensurePrivateDir(path.dirname(file), onProblem);
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  for (const part of [file, `${file}-wal`, `${file}-shm`]) tightenMode(part, onProblem);
}

export function schemaVersion(db: Database): number {
  return Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
}

function migrate(db: Database, migrations: readonly Migration[]): void {
  const current = schemaVersion(db);
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new AppError(
      'io',
      `The database was written by a newer version of the app (schema ${current} > ${newest}).`,
      {
        hint: 'Update the app, or move the database aside to start fresh.',
      },
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(migration.sql);
      db.exec(`PRAGMA user_version = ${migration.version}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw new AppError(
        'internal',
        `Database migration ${migration.version} (${migration.description}) failed: ${(error as Error).message}`,
      );
    }
  }
}
