import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../shared/errors.js';
import { MIGRATIONS, type Migration } from './migrations.js';

export type Database = DatabaseSync;

/**
 * Opens (creating if needed) the app's SQLite database: history and jobs live here.
 * WAL keeps readers and the writer out of each other's way; a busy timeout rides out a second process.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Database {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  let db: DatabaseSync;
  try {
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
