import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { JobQueue } from '../../src/services/jobs/job-queue.js';
import { JobStore } from '../../src/services/jobs/job-store.js';
import { openDatabase } from '../../src/services/storage/database.js';
import type { Job } from '../../src/shared/jobs.js';
import { fixtures, makeTempDir, projectRoot } from '../helpers/fixtures.js';
import { EventLog, trackedEngineFactory, writeLoopedSpeech } from '../helpers/jobs.js';

// The queue runs in child processes (dist/tests/helpers/jobs-child.js, built by build:node) so a test
// can kill it with SIGKILL, as a crash or a forced quit would, and start it again on the same database.
const temp = makeTempDir('dictation-jobs-restart-');
const childEntry = path.join(projectRoot, 'dist', 'tests', 'helpers', 'jobs-child.js');
const children = new Set<ChildProcess>();

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  temp.cleanup();
});

interface Line {
  label: string;
  pid: number;
  t: number;
  type: string;
  jobId?: string;
  state?: Job['state'];
  attempts?: number;
  progress?: number;
  enginePid?: number;
}

interface RunningChild {
  child: ChildProcess;
  lines: Line[];
  /** Resolves with the first line that matches (seen or to come). */
  until(match: (line: Line, all: Line[]) => boolean): Promise<Line>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startChild(config: Record<string, unknown>): RunningChild {
  const child = spawn(process.execPath, [childEntry, JSON.stringify(config)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  const lines: Line[] = [];
  const waiters = new Set<{ match: (l: Line, all: Line[]) => boolean; resolve: (l: Line) => void }>();
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (text) => {
    const line = JSON.parse(text) as Line;
    lines.push(line);
    for (const waiter of waiters) {
      if (waiter.match(line, lines)) {
        waiters.delete(waiter);
        waiter.resolve(line);
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  return {
    child,
    lines,
    exited,
    until: (match) => {
      const seen = lines.find((l) => match(l, lines));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve };
        waiters.add(waiter);
        void exited.then(() => {
          if (waiters.delete(waiter)) reject(new Error(`child ${String(config['label'])} exited first`));
        });
      });
    },
  };
}

async function queueFiles(dbFile: string, files: string[], outputDir: string): Promise<Job[]> {
  const db = openDatabase(dbFile);
  // Not started: it only records the jobs, the children run them.
  const queue = new JobQueue({ db, engineFactory: trackedEngineFactory().factory });
  const { added } = await queue.add(files, { modelPath: fixtures.microModel, language: 'en', outputDir });
  await queue.close();
  db.close();
  return added;
}

function readJobs(dbFile: string): Job[] {
  const db = openDatabase(dbFile);
  const jobs = new JobStore(db).list();
  db.close();
  return jobs;
}

const processAlive = (pid: number) => existsSync(`/proc/${pid}`);

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return condition();
}

describe('jobs across crashes and restarts', () => {
  it('loses and duplicates nothing when the process is killed mid-run and started again', async () => {
    const dir = path.join(temp.dir, 'kill');
    const files: string[] = [];
    for (let i = 0; i < 8; i++) files.push(await writeLoopedSpeech(path.join(dir, `talk-${i}.wav`), 10 + i));
    const dbFile = path.join(dir, 'dictation.db');
    const outDir = path.join(dir, 'out');
    const jobs = await queueFiles(dbFile, files, outDir);

    const first = startChild({ dbFile, label: 'first' });
    // Kill it once some jobs are done and others are in the middle of their audio.
    const completed = (all: Line[]) => all.filter((l) => l.state === 'completed').length;
    await first.until(
      (line, all) => line.type === 'job_progress' && (line.progress ?? 0) > 0 && completed(all) >= 3,
    );
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const doneBefore = new Set(first.lines.filter((l) => l.state === 'completed').map((l) => l.jobId));
    const interrupted = readJobs(dbFile).filter((j) => j.state === 'processing');
    expect(interrupted.length).toBeGreaterThan(0);
    // Its engines notice their parent is gone and exit: nothing keeps transcribing behind our back.
    const engines = first.lines.filter((l) => l.type === 'engine_started').map((l) => l.enginePid as number);
    expect(await waitUntil(() => engines.every((pid) => !processAlive(pid)), 5000)).toBe(true);

    const second = startChild({ dbFile, label: 'second' });
    expect((await second.exited).code).toBe(0);

    const after = readJobs(dbFile);
    expect(after).toHaveLength(jobs.length);
    for (const job of after) {
      expect(job.state).toBe('completed');
      const wasInterrupted = interrupted.some((j) => j.id === job.id);
      // Picked up again exactly once: the killed attempt plus one more.
      expect(job.attempts).toBe(wasInterrupted ? 2 : 1);
      expect(job.transitions.filter((t) => t.state === 'completed')).toHaveLength(1);
    }
    // Jobs finished before the kill were not run again.
    const rerun = second.lines.filter((l) => l.state === 'processing' && doneBefore.has(l.jobId));
    expect(rerun).toEqual([]);
    const completedIn = (c: RunningChild) =>
      c.lines.filter((l) => l.state === 'completed').map((l) => l.jobId);
    const all = [...completedIn(first), ...completedIn(second)];
    expect(all).toHaveLength(jobs.length);
    expect(new Set(all).size).toBe(jobs.length);
    // One output per file, none numbered: no job wrote its captions twice.
    expect(readdirSync(outDir).sort()).toEqual(files.map((f) => `${path.basename(f, '.wav')}.vtt`).sort());
  });

  it('never runs one job in two queues at once when two processes share the database', async () => {
    const dir = path.join(temp.dir, 'two');
    const files: string[] = [];
    for (let i = 0; i < 12; i++)
      files.push(await writeLoopedSpeech(path.join(dir, `talk-${i}.wav`), 6 + i / 2));
    const dbFile = path.join(dir, 'dictation.db');
    const jobs = await queueFiles(dbFile, files, path.join(dir, 'out'));

    // One core each, so the two of them stay within the machine's two. A short lease, because a queue
    // that ran out of work learns that the other one finished only when it checks the other's lease.
    const config = { dbFile, limits: { cores: 1 }, leaseMs: 1500 };
    const a = startChild({ ...config, label: 'a' });
    const b = startChild({ ...config, label: 'b' });
    expect((await a.exited).code).toBe(0);
    expect((await b.exited).code).toBe(0);

    const lines = [...a.lines, ...b.lines];
    for (const job of jobs) {
      const starts = lines.filter((l) => l.jobId === job.id && l.state === 'processing');
      const ends = lines.filter((l) => l.jobId === job.id && l.state === 'completed');
      expect(starts).toHaveLength(1);
      expect(ends).toHaveLength(1);
      expect(ends[0]?.label).toBe(starts[0]?.label);
    }
    // Both did a share of the work.
    expect(a.lines.some((l) => l.state === 'completed')).toBe(true);
    expect(b.lines.some((l) => l.state === 'completed')).toBe(true);
    expect(readJobs(dbFile).every((j) => j.state === 'completed' && j.attempts === 1)).toBe(true);
  });

  it('gives running jobs back on a clean shutdown and finishes them on the next start', async () => {
    const dir = path.join(temp.dir, 'quit');
    const file = await writeLoopedSpeech(path.join(dir, 'talk.wav'), 30);
    const dbFile = path.join(dir, 'dictation.db');
    let db = openDatabase(dbFile);
    let queue = new JobQueue({ db, engineFactory: trackedEngineFactory().factory });
    const log = new EventLog();
    queue.subscribe(log.listener);
    queue.start();
    const { added } = await queue.add([file], { modelPath: fixtures.microModel, language: 'en' });
    const id = added[0]?.id as string;
    await log.waitFor((e) => e.type === 'job_progress' && e.jobId === id);
    await queue.close();
    expect(queue.get(id)).toMatchObject({ state: 'pending', attempts: 0 });
    db.close();

    db = openDatabase(dbFile);
    queue = new JobQueue({ db, engineFactory: trackedEngineFactory().factory });
    queue.start();
    await queue.drain();
    expect(queue.get(id)).toMatchObject({ state: 'completed', attempts: 1, progress: 100 });
    expect(queue.get(id)?.transitions.map((t) => t.state)).toEqual([
      'pending',
      'processing',
      'pending',
      'processing',
      'completed',
    ]);
    await queue.close();
    db.close();
  });
});
