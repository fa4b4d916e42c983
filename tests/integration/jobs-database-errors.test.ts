// A database that refuses writes while a file job runs (another process holds an exclusive lock, as a
// backup tool or a second copy of the app could): before the fix the lease heartbeat's SQLITE_BUSY was
// thrown from a timer (an uncaught exception in main, the error dialog on every beat). Real engine
// (micro model), real SQLite with a second connection holding the lock.
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { JobQueue } from '../../src/services/jobs/job-queue.js';
import { openDatabase } from '../../src/services/storage/database.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { EventLog, trackedEngineFactory, writeLoopedSpeech } from '../helpers/jobs.js';

const temp = makeTempDir('dictation-jobs-db-errors-');
afterAll(() => temp.cleanup());

/** Uncaught exceptions and unhandled rejections during `run`, instead of vitest's reports. */
async function collectEscapes(run: () => Promise<void>): Promise<unknown[]> {
  const saved = {
    uncaughtException: process.listeners('uncaughtException'),
    unhandledRejection: process.listeners('unhandledRejection'),
  };
  const caught: unknown[] = [];
  const trap = (error: unknown) => caught.push(error);
  for (const name of ['uncaughtException', 'unhandledRejection'] as const) {
    process.removeAllListeners(name);
    process.on(name, trap);
  }
  try {
    await run();
  } finally {
    for (const name of ['uncaughtException', 'unhandledRejection'] as const) {
      process.off(name, trap);
      for (const listener of saved[name]) process.on(name, listener as (...args: unknown[]) => void);
    }
  }
  return caught;
}

describe('file jobs when the database refuses writes', () => {
  it('the lease heartbeat logs, tells the user, stops the job, and nothing escapes', async () => {
    const speech = await writeLoopedSpeech(path.join(temp.dir, 'talk-60s.wav'), 60);
    const file = path.join(temp.dir, 'jobs.db');
    const db = openDatabase(file);
    db.exec('PRAGMA busy_timeout = 50'); // the test's own patience: the app waits 5 s per write
    const lines: Record<string, unknown>[] = [];
    const { pino } = await import('pino');
    const logger = pino({ level: 'debug' }, { write: (l: string) => lines.push(JSON.parse(l)) });
    const notices: string[] = [];
    const queue = new JobQueue({
      db,
      engineFactory: trackedEngineFactory().factory,
      defaults: () => ({
        modelPath: fixtures.microModel,
        language: 'en',
        outputDir: path.join(temp.dir, 'out'),
      }),
      logger,
      leaseMs: 900,
      notify: (message) => notices.push(message),
    });
    const log = new EventLog();
    queue.subscribe(log.listener);
    queue.start();
    const locker = new DatabaseSync(file);
    try {
      const { added } = await queue.add([speech]);
      const jobId = added[0]?.id ?? '';
      await log.waitFor((e) => e.type === 'job_progress' && e.jobId === jobId && e.progress > 0, 60_000);
      const escaped = await collectEscapes(async () => {
        locker.exec('BEGIN EXCLUSIVE');
        // Three lease lengths: the renewals fail, the lease runs out, the job is stopped.
        await new Promise((resolve) => setTimeout(resolve, 2700));
        locker.exec('ROLLBACK');
        await new Promise((resolve) => setTimeout(resolve, 300));
      });
      expect(escaped.map((e) => (e as Error).message)).toEqual([]);
      const failures = lines.filter((l) => l['event'] === 'job_lease_renew_failed');
      expect(failures.length).toBeGreaterThanOrEqual(1);
      expect(failures[0]).toMatchObject({
        level: 50,
        jobId,
        error: { message: expect.stringMatching(/locked|busy/i) },
      });
      expect(failures.some((l) => l['expired'] === true)).toBe(true);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/talk-60s\.wav was stopped: the database cannot be written/);
    } finally {
      locker.close();
      await queue.close();
      db.close();
    }
  });
});
