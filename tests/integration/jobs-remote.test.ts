import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVttStrict } from '../helpers/caption-parsers.js';
import { startDictationServe } from '../helpers/dictation-serve.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { writeLoopedSpeech, writeSpeechClips } from '../helpers/jobs.js';
import { remoteSpec, startQueue, textsBySource } from '../helpers/remote-queue.js';
import { startWhisperServer, type RunningWhisperServer } from '../helpers/whisper-server.js';

// File jobs spread over the real local engine (micro-en) and two real whisper.cpp servers with the
// same model on loopback (and `dictation serve` as a third), real SQLite, real audio; the failing servers are real HTTP(S) servers.
const temp = makeTempDir('dictation-remote-jobs-');
let servers: RunningWhisperServer[] = [];
let reference: Map<string, string>;
let clips: string[];

beforeAll(async () => {
  servers = await Promise.all(
    [0, 1].map(() => startWhisperServer({ model: fixtures.microModel, threads: 1 })),
  );
  clips = await writeSpeechClips(path.join(temp.dir, 'clips'), 16, { minSec: 3, maxSec: 5.5 });
  // The reference: the same files through the local engine alone, as before remote engines existed.
  const local = startQueue(temp.dir, 'reference');
  await local.queue.add(clips, { outputDir: path.join(temp.dir, 'reference-out') });
  await local.queue.drain();
  reference = textsBySource(local.queue.list());
  await local.close();
}, 600_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  temp.cleanup();
});

function completionsPerJob(events: ReturnType<typeof startQueue>['log']): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of events.of('job_updated')) {
    if (e.job.state === 'completed') counts.set(e.job.id, (counts.get(e.job.id) ?? 0) + 1);
  }
  return counts;
}

describe('file jobs over the local engine and two remote whisper-servers', () => {
  it('runs 16 files over all three engines, each once, with the local engine’s text', async () => {
    const run = startQueue(temp.dir, 'spread', {
      pieces: {
        remotes: [remoteSpec('server-a', servers[0]!.baseUrl), remoteSpec('server-b', servers[1]!.baseUrl)],
        localConcurrency: 1,
        split: { targetMs: 5000, maxMs: 6000 },
      },
    });
    const out = path.join(temp.dir, 'spread-out');
    await run.queue.add(clips, { outputDir: out });
    await run.queue.drain();
    const jobs = run.queue.list();
    expect(jobs.map((j) => j.state)).toEqual(Array(16).fill('completed'));
    expect(textsBySource(jobs)).toEqual(reference);
    expect([...completionsPerJob(run.log).values()]).toEqual(Array(16).fill(1));
    const used = new Set(jobs.flatMap((j) => j.engines ?? []));
    expect([...used].sort()).toEqual(['local', 'server-a', 'server-b']);
    for (const file of readdirSync(out)) parseVttStrict(readFileSync(path.join(out, file), 'utf8'));
    expect(readdirSync(out)).toHaveLength(16);
    await run.close();
  });

  it('splits a long file at pauses into pieces run in parallel, stitched with the right times', async () => {
    const long = await writeLoopedSpeech(path.join(temp.dir, 'long', 'long.wav'), 44);
    const run = startQueue(temp.dir, 'long', {
      pieces: {
        remotes: [remoteSpec('server-a', servers[0]!.baseUrl), remoteSpec('server-b', servers[1]!.baseUrl)],
        localConcurrency: 1,
        split: { targetMs: 5000, maxMs: 6000 },
      },
    });
    const { added } = await run.queue.add([long], { outputDir: path.join(temp.dir, 'long-out') });
    await run.queue.drain();
    const job = run.queue.get(added[0]!.id)!;
    expect(job.state).toBe('completed');
    expect(job.pieces?.total).toBeGreaterThanOrEqual(8);
    expect(job.pieces?.done).toBe(job.pieces?.total);
    expect(new Set(job.engines).size).toBeGreaterThanOrEqual(2);
    // Progress counts pieces: 0 of n, then one more each time, to n of n.
    const pieces = run.log.of('job_progress').map((e) => e.pieces?.done);
    expect(pieces).toEqual([...Array((job.pieces?.total ?? 0) + 1).keys()]);
    const segments = job.segments ?? [];
    expect(segments.length).toBeGreaterThanOrEqual(job.pieces?.total ?? 0);
    for (let i = 1; i < segments.length; i++)
      expect(segments[i]!.startMs).toBeGreaterThanOrEqual(segments[i - 1]!.startMs);
    expect(segments.at(-1)!.endMs).toBeGreaterThan(38_000);
    expect(segments.at(-1)!.endMs).toBeLessThanOrEqual(44_000);
    const vtt = readFileSync(job.outputs[0]!.path, 'utf8');
    expect(parseVttStrict(vtt).length).toBeGreaterThan(0);
    await run.close();
  });

  it('a server killed mid-batch: its work goes elsewhere, every file completes exactly once', async () => {
    const spare = await startWhisperServer({ model: fixtures.microModel, threads: 1 });
    const run = startQueue(temp.dir, 'killed', {
      pieces: {
        remotes: [remoteSpec('server-a', servers[0]!.baseUrl), remoteSpec('doomed', spare.baseUrl)],
        localConcurrency: 1,
        dispatch: { backoffMs: 100 },
      },
    });
    const out = path.join(temp.dir, 'killed-out');
    await run.queue.add(clips, { outputDir: out });
    await run.log.waitFor(
      (e) =>
        e.type === 'job_updated' && e.job.state === 'completed' && (e.job.engines ?? []).includes('doomed'),
    );
    await spare.stop();
    await run.queue.drain();
    const jobs = run.queue.list();
    expect(jobs.map((j) => j.state)).toEqual(Array(16).fill('completed'));
    expect([...completionsPerJob(run.log).values()]).toEqual(Array(16).fill(1));
    expect(textsBySource(jobs)).toEqual(reference);
    expect(readdirSync(out).sort()).toEqual(
      clips.map((c) => path.basename(c).replace(/\.wav$/, '.vtt')).sort(),
    );
    expect(run.queue.pieceRunner?.remotes.find((r) => r.name === 'doomed')?.health().state).toBe('down');
    await run.close();
  });

  it('uses another machine’s `dictation serve` as a remote engine, with the same text', async () => {
    const serve = await startDictationServe(['--model', fixtures.microModel, '--port', '0']);
    try {
      const run = startQueue(temp.dir, 'serve', {
        pieces: {
          remotes: [
            remoteSpec('server-a', servers[0]!.baseUrl),
            remoteSpec('dictation-serve', serve.baseUrl),
          ],
          localConcurrency: 0,
        },
      });
      await run.queue.add(clips, { outputDir: path.join(temp.dir, 'serve-out') });
      await run.queue.drain();
      const jobs = run.queue.list();
      expect(jobs.map((j) => j.state)).toEqual(Array(16).fill('completed'));
      expect(textsBySource(jobs)).toEqual(reference);
      expect(jobs.some((j) => j.engines?.includes('dictation-serve'))).toBe(true);
      await run.close();
    } finally {
      await serve.stop();
    }
  });
});
