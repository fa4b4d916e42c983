import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JobQueue, type JobQueueOptions } from '../../src/services/jobs/job-queue.js';
import { openDatabase, type Database } from '../../src/services/storage/database.js';
import type { Job, JobEvent } from '../../src/shared/jobs.js';
import { fixtures, makeTempDir, randomModel } from '../helpers/fixtures.js';
import { cpuSeconds, EventLog, isState, trackedEngineFactory, writeLoopedSpeech } from '../helpers/jobs.js';

// Cancel, retry, engine crashes and the dictation gate, with the real engine: micro-en (6 s windows,
// real text) for most, and for the dictation gate a full-size tiny.en model (random weights, decoder
// stops at once) so every 30 s window costs real encoder time.
const temp = makeTempDir('dictation-jobs-control-');
let tinyEn: string;
let speech12: string;
let speech30: string;
let speech40: string;
const open: { queue: JobQueue; db: Database }[] = [];

beforeAll(async () => {
  tinyEn = randomModel('tiny.en', true);
  speech12 = await writeLoopedSpeech(path.join(temp.dir, 'talk-12s.wav'), 12);
  speech30 = await writeLoopedSpeech(path.join(temp.dir, 'talk-30s.wav'), 30);
  speech40 = await writeLoopedSpeech(path.join(temp.dir, 'talk-40s.wav'), 40);
});

afterEach(async () => {
  for (const { queue, db } of open.splice(0)) {
    await queue.close();
    db.close();
  }
});
afterAll(() => temp.cleanup());

function startQueue(name: string, options: Partial<JobQueueOptions> = {}, model = fixtures.microModel) {
  const db = openDatabase(path.join(temp.dir, `${name}.db`));
  const engines = trackedEngineFactory();
  const queue = new JobQueue({
    db,
    engineFactory: engines.factory,
    defaults: () => ({ modelPath: model, language: 'en', outputDir: path.join(temp.dir, `${name}-out`) }),
    ...options,
  });
  const log = new EventLog();
  queue.subscribe(log.listener);
  queue.start();
  open.push({ queue, db });
  return { queue, log, pids: engines.pids };
}

const processGone = (pid: number) => !existsSync(`/proc/${pid}`) || /State:\s+Z/.test(readProcStatus(pid));

function readProcStatus(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return '';
  }
}

const firstProgress = (jobId: string) => (e: JobEvent) =>
  e.type === 'job_progress' && e.jobId === jobId && e.progress > 0;

/** Kills the job's engine once the given attempt has made progress (in the middle of the file). */
async function killEngineDuring(log: EventLog, pids: number[], jobId: string, attempt: number) {
  const started = await log.waitFor(
    (e) =>
      e.type === 'job_updated' &&
      e.job.id === jobId &&
      e.job.state === 'processing' &&
      e.job.attempts === attempt,
  );
  await log.waitFor(firstProgress(jobId), 60_000, log.events.indexOf(started));
  process.kill(pids.at(-1) as number, 'SIGKILL');
}

async function addOne(queue: JobQueue, file: string): Promise<Job> {
  const { added } = await queue.add([file]);
  return added[0] as Job;
}

describe('cancel and retry', () => {
  it('cancels a running job at once, a pending one before it starts, and retries both by hand', async () => {
    const { queue, log } = startQueue('cancel', { limits: { maxJobs: 1 } });
    const running = await addOne(queue, speech30);
    const waiting = await addOne(queue, speech12);
    await log.waitFor(firstProgress(running.id));

    const cancelledAt = performance.now();
    expect(queue.cancel(running.id).state).toBe('cancelled');
    expect(queue.cancel(waiting.id).state).toBe('cancelled');
    // The engine stopped within milliseconds: the slot is free and nothing else is queued.
    await log.waitFor((e) => e.type === 'queue_status' && e.status.running === 0);
    expect(performance.now() - cancelledAt).toBeLessThan(1000);
    expect(queue.get(waiting.id)?.transitions.map((t) => t.state)).toEqual(['pending', 'cancelled']);
    expect(queue.get(running.id)?.outputs).toEqual([]);

    queue.retry(running.id);
    queue.retry(waiting.id);
    await queue.drain();
    const again = queue.get(running.id) as Job;
    expect(again.state).toBe('completed');
    expect(again.attempts).toBe(2);
    expect(again.transitions.map((t) => t.state)).toEqual([
      'pending',
      'processing',
      'cancelled',
      'pending',
      'processing',
      'completed',
    ]);
    expect(queue.get(waiting.id)).toMatchObject({ state: 'completed', attempts: 1, progress: 100 });
    expect(() => queue.cancel(running.id)).toThrow(/already completed/);
    expect(() => queue.retry(running.id)).toThrow(/only a failed or cancelled job/);
  });
});

describe('engine crashes', () => {
  it('restarts a crashed engine and retries with backoff, fails once retries run out, retries by hand', async () => {
    const { queue, log, pids } = startQueue('crash', { retry: { baseDelayMs: 300, maxAttempts: 2 } });
    const job = await addOne(queue, speech30);

    await killEngineDuring(log, pids, job.id, 1);
    const retrying = await log.waitFor((e) => isState(job.id, 'pending')(e));
    const crashedAt = Date.now();
    if (retrying.type !== 'job_updated') throw new Error('unexpected event');
    expect(retrying.job.failure).toMatchObject({ kind: 'engine_crashed', transient: true });
    expect(retrying.job.nextAttemptAt).toBe(retrying.timestamp + 300);

    await killEngineDuring(log, pids, job.id, 2);
    const failed = (await log.waitFor((e) => isState(job.id, 'failed')(e))) as { job: Job };
    expect(failed.job.attempts).toBe(2);
    expect(failed.job.failure).toMatchObject({ kind: 'engine_crashed', transient: true });
    expect(failed.job.failure?.message).toMatch(/engine stopped unexpectedly/);
    expect(failed.job.nextAttemptAt).toBeNull();
    const secondStart = failed.job.transitions.filter((t) => t.state === 'processing')[1]?.at ?? 0;
    expect(secondStart - crashedAt).toBeGreaterThanOrEqual(250);

    // A retry by hand gets a fresh budget and completes, in a fresh engine each time after a crash.
    queue.retry(job.id);
    await queue.drain();
    expect(queue.get(job.id)).toMatchObject({ state: 'completed', attempts: 3, progress: 100 });
    expect(pids).toHaveLength(3);
    expectMonotonicTo100(log, job.id, 3);
  });
});

describe('hung engines', () => {
  it('stops an engine that makes no progress and tries the file again in a fresh one', async () => {
    // Room for a slow window on a busy machine to count as progress, not as a hang: a micro-en
    // window takes about 0.15 s here, so 8 s is fifty times that.
    const { queue, log, pids } = startQueue('hung', {
      stallTimeoutMs: 8_000,
      retry: { baseDelayMs: 100, maxAttempts: 6 },
    });
    const job = await addOne(queue, speech30);
    await log.waitFor(firstProgress(job.id));
    const hung = pids.at(-1) as number;
    const from = log.events.length;
    process.kill(hung, 'SIGSTOP'); // alive but doing nothing, as a deadlocked engine would be
    const stalled = await log.waitFor(
      (e) => e.type === 'job_updated' && e.job.id === job.id && e.job.state !== 'processing',
      60_000,
      from,
    );
    expect(stalled.type === 'job_updated' && stalled.job.failure).toMatchObject({
      kind: 'engine_timeout',
      transient: true,
    });
    expect(processGone(hung)).toBe(true);
    await queue.drain();
    expect(queue.get(job.id)).toMatchObject({ state: 'completed', progress: 100 });
    expect(pids.indexOf(hung)).toBeLessThan(pids.length - 1); // a fresh engine finished it
  });
});

describe('dictation priority', () => {
  it('pauses running jobs within milliseconds while the user dictates and holds back new ones', async () => {
    const { queue, log, pids } = startQueue('priority', { limits: { maxJobs: 1 } }, tinyEn);
    const job = await addOne(queue, speech40);
    await log.waitFor(firstProgress(job.id));
    const engine = pids[0] as number;

    queue.priority.begin();
    const progressAtPause = log.progress(job.id).length;
    await new Promise((r) => setTimeout(r, 150));
    const cpuBefore = cpuSeconds(engine);
    const { added } = await queue.add([speech12], { modelPath: fixtures.microModel });
    const later = added[0] as Job;
    await new Promise((r) => setTimeout(r, 1200));
    const cpuUsed = cpuSeconds(engine) - cpuBefore;
    // A window of tiny.en takes about a second of both cores: while paused the engine uses next to none.
    expect(cpuUsed).toBeLessThan(0.1);
    expect(log.progress(job.id).length).toBe(progressAtPause);
    expect(queue.get(later.id)?.state).toBe('pending');
    expect(queue.status()).toMatchObject({ yieldingToDictation: true, running: 1 });

    queue.priority.end();
    await queue.drain();
    expect(queue.get(job.id)).toMatchObject({ state: 'completed', attempts: 1, progress: 100 });
    expect(queue.get(later.id)).toMatchObject({ state: 'completed', attempts: 1 });
    expectMonotonicTo100(log, job.id, 1);
    // The paused window was redone: the transcript still covers the whole file.
    expect(queue.get(job.id)?.durationMs).toBe(40_000);
  });
});

function expectMonotonicTo100(log: EventLog, jobId: string, attempts: number) {
  // Progress restarts with each attempt and never goes down within one.
  const perAttempt: number[][] = [];
  let attempt = 0;
  for (const event of log.events) {
    if (event.type === 'job_updated' && event.job.id === jobId && event.job.state === 'processing') {
      attempt = event.job.attempts;
      perAttempt[attempt - 1] = [];
    }
    if (event.type === 'job_progress' && event.jobId === jobId) perAttempt[attempt - 1]?.push(event.progress);
  }
  expect(perAttempt).toHaveLength(attempts);
  for (const progress of perAttempt) expect(progress).toEqual([...progress].sort((a, b) => a - b));
  expect(perAttempt.at(-1)?.at(-1)).toBe(100);
}
