import path from 'node:path';
import { JobQueue, type JobQueueOptions } from '../../src/services/jobs/job-queue.js';
import type { RemoteEngineSpec } from '../../src/services/jobs/pieces/piece-setup.js';
import { openDatabase, type Database } from '../../src/services/storage/database.js';
import { transcriptText } from '../../src/shared/transcript.js';
import type { Job } from '../../src/shared/jobs.js';
import { fixtures } from './fixtures.js';
import { EventLog, trackedEngineFactory } from './jobs.js';

export interface QueueUnderTest {
  queue: JobQueue;
  db: Database;
  log: EventLog;
  close(): Promise<void>;
}

/** A real JobQueue on its own SQLite file, micro-en, started, every event logged. */
export function startQueue(dir: string, name: string, extra: Partial<JobQueueOptions> = {}): QueueUnderTest {
  const db = openDatabase(path.join(dir, `${name}.db`));
  const log = new EventLog();
  const queue = new JobQueue({
    db,
    engineFactory: trackedEngineFactory().factory,
    // No temperature fallback: whisper's fallback samples at random, so without this not even the local
    // engine gives the same text twice on micro-en (measured: 9 of 16 clips differed run to run).
    defaults: () => ({
      modelPath: fixtures.microModel,
      language: 'en',
      formats: ['vtt'],
      temperatureFallback: false,
    }),
    retry: { baseDelayMs: 200 },
    ...extra,
  });
  queue.subscribe(log.listener);
  queue.start();
  return {
    queue,
    db,
    log,
    close: async () => {
      await queue.close();
      db.close();
    },
  };
}

export function remoteSpec(id: string, baseUrl: string, concurrency = 1): RemoteEngineSpec {
  return { config: { id, name: id, baseUrl, model: 'micro-en', concurrency } };
}

/** Each job's transcript text by source file name. */
export function textsBySource(jobs: readonly Job[]): Map<string, string> {
  return new Map(jobs.map((job) => [path.basename(job.source), transcriptText(job.segments ?? [])]));
}
