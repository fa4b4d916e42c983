import { parseAppRequest } from '../../src/shared/app-protocol.js';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobQueue } from '../../src/services/jobs/job-queue.js';
import { openDatabase, type Database } from '../../src/services/storage/database.js';
import type { Job } from '../../src/shared/jobs.js';
import { parseSrtStrict, parseVttStrict } from '../helpers/caption-parsers.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { EventLog, isState, trackedEngineFactory, writeSpeechClips } from '../helpers/jobs.js';

// Real engine processes (whisper.cpp with the micro-en model, which turns speech into text), a real
// SQLite file and real audio files: nothing here is mocked.
const temp = makeTempDir('dictation-jobs-');
let db: Database;
let queue: JobQueue;
const log = new EventLog();

beforeAll(() => {
  db = openDatabase(path.join(temp.dir, 'dictation.db'));
  queue = new JobQueue({
    db,
    engineFactory: trackedEngineFactory().factory,
    defaults: () => ({ modelPath: fixtures.microModel, language: 'en' }),
  });
  queue.subscribe(log.listener);
  queue.start();
});

afterAll(async () => {
  await queue?.close();
  db?.close();
  temp.cleanup();
});

function expectMonotonicTo100(progress: number[]) {
  expect(progress.length).toBeGreaterThan(0);
  expect(progress).toEqual([...progress].sort((a, b) => a - b));
  expect(progress.at(-1)).toBe(100);
}

describe('job queue', () => {
  it('runs 50 small jobs exactly once each with valid outputs, a damaged file failing with its reason', async () => {
    const inputs = path.join(temp.dir, 'batch');
    const clips = await writeSpeechClips(path.join(inputs), 50);
    const corrupt = path.join(inputs, 'damaged.wav');
    writeFileSync(corrupt, Buffer.from('RIFF\x10\x00\x00\x00WAVEjunkjunkjunk', 'binary'));
    const fakeMp3 = path.join(inputs, 'noise.mp3');
    writeFileSync(fakeMp3, Buffer.alloc(4000, 7));
    const notAudio = path.join(inputs, 'notes.txt');
    writeFileSync(notAudio, 'hello');

    const { added, rejected } = await queue.add(
      [...clips.slice(0, 25), corrupt, fakeMp3, notAudio, '/nonexistent/talk.wav', ...clips.slice(25)],
      { formats: ['vtt', 'srt', 'json'] },
    );
    expect(added).toHaveLength(52);
    expect(rejected.map((r) => [path.basename(r.path), r.kind])).toEqual([
      ['notes.txt', 'audio_unsupported'],
      ['talk.wav', 'audio_not_found'],
    ]);
    expect(rejected[0]?.hint).toMatch(/Supported: wav, mp3/);
    await queue.drain();

    const jobs = queue.list();
    expect(jobs).toHaveLength(52);
    const byName = new Map(jobs.map((j) => [path.basename(j.source), j]));
    for (const clip of clips) {
      const job = byName.get(path.basename(clip)) as Job;
      expect(job.state).toBe('completed');
      expect(job.attempts).toBe(1);
      expect(job.progress).toBe(100);
      expect(job.transitions.map((t) => t.state)).toEqual(['pending', 'processing', 'completed']);
      expect(log.updates(job.id).filter((j) => j.state === 'completed')).toHaveLength(1);
      expectMonotonicTo100(log.progress(job.id));
      expect(job.outputs.map((o) => o.format)).toEqual(['vtt', 'srt', 'json']);
      const [vtt, srt, json] = job.outputs.map((o) => readFileSync(o.path, 'utf8')) as [
        string,
        string,
        string,
      ];
      const cues = parseVttStrict(vtt);
      expect(cues).toHaveLength(job.segments?.length ?? -1);
      expect(parseSrtStrict(srt)).toHaveLength(cues.length);
      expect(JSON.parse(json)).toMatchObject({ source: path.basename(clip), segments: expect.any(Array) });
    }
    // micro-en turns speech into (inaccurate) words: the transcripts carried real text through.
    const texts = clips.map(
      (c) =>
        byName
          .get(path.basename(c))
          ?.segments?.map((s) => s.text)
          .join(' ') ?? '',
    );
    expect(texts.filter((t) => /[a-z]{3,}/i.test(t)).length).toBeGreaterThan(40);
    // Exactly one set of outputs per clip: nothing was written twice.
    const outputs = readdirSync(inputs).filter((f) => /\.(vtt|srt|json)$/.test(f));
    expect(outputs).toHaveLength(50 * 3);
    expect(outputs.some((f) => f.includes('(2)'))).toBe(false);

    for (const [name, kind] of [
      ['damaged.wav', 'audio_corrupt'],
      ['noise.mp3', 'audio_corrupt'],
    ] as const) {
      const job = byName.get(name) as Job;
      expect(job.state).toBe('failed');
      expect(job.attempts).toBe(1); // a permanent failure is not retried
      expect(job.failure).toMatchObject({ kind, transient: false });
      expect(job.failure?.message).toContain(name);
      expect(job.failure?.hint).toBeTruthy();
      expect(job.outputs).toEqual([]);
    }
    expect(existsSync(path.join(inputs, 'damaged.vtt'))).toBe(false);

    // Concurrency matched the machine: parallel jobs, never more jobs x threads than cores.
    const cores = os.availableParallelism();
    expect(queue.limits.cores).toBe(cores);
    expect(log.peakThreads).toBeLessThanOrEqual(cores);
    expect(log.peakRunning).toBeLessThanOrEqual(queue.limits.maxJobs);
    if (cores > 1) expect(log.peakRunning).toBeGreaterThan(1);
    for (const status of log.of('queue_status').map((e) => e.status)) {
      expect(status.threadsInUse).toBeLessThanOrEqual(cores);
    }
  });

  it('writes numbered outputs instead of overwriting existing files', async () => {
    const dir = path.join(temp.dir, 'again');
    const [clip] = await writeSpeechClips(dir, 1, { minSec: 2, maxSec: 2 });
    writeFileSync(path.join(dir, 'clip-000.vtt'), 'precious');
    const outDir = path.join(temp.dir, 'out');
    const { added } = await queue.add([clip as string, clip as string], { formats: ['vtt'] });
    const { added: elsewhere } = await queue.add([clip as string], { formats: ['txt'], outputDir: outDir });
    await queue.drain();
    expect(readFileSync(path.join(dir, 'clip-000.vtt'), 'utf8')).toBe('precious');
    const written = added.map((j) => queue.get(j.id)?.outputs[0]);
    expect(written.map((o) => path.basename(o?.path ?? '')).sort()).toEqual([
      'clip-000 (2).vtt',
      'clip-000 (3).vtt',
    ]);
    expect(written.every((o) => o?.renamed)).toBe(true);
    expect(queue.get(elsewhere[0]?.id ?? '')?.outputs).toEqual([
      { format: 'txt', path: path.join(outDir, 'clip-000.txt'), renamed: false },
    ]);
  });

  it('clears completed jobs and tells subscribers', async () => {
    const completed = queue.list().filter((j) => j.state === 'completed');
    const removed = queue.clearCompleted();
    expect(new Set(removed)).toEqual(new Set(completed.map((j) => j.id)));
    expect(queue.list().every((j) => j.state !== 'completed')).toBe(true);
    const announced = new Set(log.of('job_removed').map((e) => e.jobId));
    for (const id of removed) expect(announced.has(id)).toBe(true);
    // The output files stay.
    expect(existsSync(completed[0]?.outputs[0]?.path ?? '')).toBe(true);
  });

  it('validates commands at the edge and answers each one', async () => {
    // The app's edge (parseAppRequest) refuses malformed commands before the queue sees them.
    for (const command of [{ type: 'cancel', jobId: 'not-a-uuid' }, { type: 'explode' }]) {
      expect(parseAppRequest({ type: 'jobs', command })).toMatchObject({
        ok: false,
        error: { kind: 'invalid_request' },
      });
    }
    const listed = await queue.handle({ type: 'list' });
    expect(listed.type).toBe('list');
    if (listed.type === 'list') {
      expect(listed.jobs.map((j) => j.id)).toEqual(queue.list().map((j) => j.id));
      expect(listed.status.cores).toBe(os.availableParallelism());
    }
    const failed = queue.list().find((j) => j.state === 'failed') as Job;
    const removed = await queue.handle({ type: 'remove', jobId: failed.id });
    expect(removed).toEqual({ type: 'remove', jobId: failed.id });
    expect(queue.get(failed.id)).toBeNull();
    await expect(
      new JobQueue({ db, engineFactory: trackedEngineFactory().factory }).add([fixtures.jfkWav]),
    ).rejects.toMatchObject({ kind: 'invalid_request', hint: expect.stringContaining('Models') });
  });

  it('fails a job whose model is missing with the reason, without retrying', async () => {
    const { added } = await queue.add([fixtures.jfkWav], { modelPath: path.join(temp.dir, 'nope.bin') });
    const event = await log.waitFor(isState(added[0]?.id ?? '', 'failed'));
    expect(event.type === 'job_updated' && event.job.failure).toMatchObject({
      kind: 'model_not_found',
      transient: false,
    });
  });
});
