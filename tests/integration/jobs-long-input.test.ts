import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateFfmpeg } from '../../src/audio/ffmpeg.js';
import { JobQueue } from '../../src/services/jobs/job-queue.js';
import { openDatabase, type Database } from '../../src/services/storage/database.js';
import type { Job } from '../../src/shared/jobs.js';
import { parseVttStrict } from '../helpers/caption-parsers.js';
import { fixtures, makeTempDir, randomModel } from '../helpers/fixtures.js';
import { EventLog, peakRssBytes, trackedEngineFactory } from '../helpers/jobs.js';

// Hours of audio must stream through the engine window by window: its memory may not grow with the
// length of the file. Decoded whole, an hour is 230 MB of 16 kHz float samples, three hours 691 MB.
const HOUR_MS = 3600_000;
const MB = 1024 * 1024;
const wholeFileBytes = (ms: number) => (ms / 1000) * 16000 * 4;
const temp = makeTempDir('dictation-jobs-long-');
let db: Database;
let queue: JobQueue;
let pids: number[];
const log = new EventLog();

/** Silence then jfk.wav, encoded by ffmpeg (silence is skipped without inference, so it is quick). */
function longInput(file: string, silenceMs: number, codecArgs: string[]): string {
  const ffmpeg = locateFfmpeg();
  if (!ffmpeg) throw new Error('ffmpeg is needed to make the long test input');
  execFileSync(ffmpeg, [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-t', String(silenceMs / 1000), '-i', 'anullsrc=r=16000:cl=mono'],
    ...['-i', fixtures.jfkWav, '-filter_complex', '[0:a][1:a]concat=n=2:v=0:a=1', ...codecArgs, file],
  ]);
  return file;
}

beforeAll(() => {
  db = openDatabase(path.join(temp.dir, 'dictation.db'));
  const engines = trackedEngineFactory();
  pids = engines.pids;
  queue = new JobQueue({
    db,
    engineFactory: engines.factory,
    limits: { maxJobs: 1 },
    defaults: () => ({ modelPath: randomModel('tiny.en', true), language: 'en' }),
  });
  queue.subscribe(log.listener);
  queue.start();
});

afterAll(async () => {
  await queue?.close();
  db?.close();
  temp.cleanup();
});

async function run(file: string): Promise<Job> {
  const { added } = await queue.add([file]);
  await queue.drain();
  const job = queue.get(added[0]?.id ?? '') as Job;
  expect(job.state).toBe('completed');
  return job;
}

describe('long inputs', () => {
  it('streams an hour of FLAC (through ffmpeg) and three hours of WAV with flat engine memory', async () => {
    // Baseline: the same engine after a short clip (model loaded, one window inferred).
    // A copy: outputs are written next to the input, and the shared fixtures must stay untouched.
    const clip = path.join(temp.dir, 'jfk.wav');
    copyFileSync(fixtures.jfkWav, clip);
    await run(clip);
    expect(pids).toHaveLength(1);
    const engine = pids[0] as number;
    const baseline = peakRssBytes(engine);

    const inputs = [
      { ms: HOUR_MS, file: longInput(path.join(temp.dir, 'hour.flac'), HOUR_MS, ['-c:a', 'flac']) },
      // 8-bit keeps the file at 173 MB.
      { ms: 3 * HOUR_MS, file: longInput(path.join(temp.dir, 'hours.wav'), 3 * HOUR_MS, ['-c:a', 'pcm_u8']) },
    ];
    for (const input of inputs) {
      const job = await run(input.file);
      const growth = peakRssBytes(engine) - baseline;
      if (process.env['DEBUG_JOBS'])
        console.log(input.file, { baseline, growth, ms: Date.now() - job.createdAt });
      // One window, decoder blocks and garbage not yet collected (measured: 40-130 MB), not the file.
      expect(growth).toBeLessThan(Math.min(200 * MB, 0.7 * wholeFileBytes(input.ms)));
      expect(job.durationMs).toBeGreaterThan(input.ms + 10_000);
      const progress = log.progress(job.id);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(progress.at(-1)).toBe(100);
      expect(progress.length).toBeGreaterThan(50); // it advanced as the hour streamed, not at the end
      // The speech at the end of the hour is timed at the end of the hour.
      const cues = parseVttStrict(readFileSync(job.outputs[0]?.path ?? '', 'utf8'));
      expect(cues.length).toBeGreaterThan(0);
      expect(cues[0]?.startMs).toBeGreaterThanOrEqual(input.ms - 1000);
    }
    expect(pids).toHaveLength(1);
  });
});
