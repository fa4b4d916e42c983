import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../src/shared/jobs.js';
import { parseVttStrict } from '../helpers/caption-parsers.js';
import { SAMPLE_RATE } from '../helpers/espeak.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { capturedLogger } from '../helpers/json-log.js';
import { inPause, writePausedSpeech, type PausedSpeech } from '../helpers/paused-speech.js';
import { remoteSpec, startQueue, type QueueUnderTest } from '../helpers/remote-queue.js';
import { startWhisperServer, type RunningWhisperServer } from '../helpers/whisper-server.js';

// A long file with noise-filled pauses, as a file job in pieces over the real local engine (micro-en)
// and a real whisper.cpp server: the real Silero VAD (in a job engine process) says where to cut.
const temp = makeTempDir('dictation-vad-pieces-');
let server: RunningWhisperServer;
let speech: PausedSpeech;

beforeAll(async () => {
  server = await startWhisperServer({ model: fixtures.microModel, threads: 1 });
  speech = writePausedSpeech(temp.dir, 'noisy', { count: 8, noise: 0.05 });
}, 600_000);
afterAll(async () => {
  await server?.stop();
  temp.cleanup();
});

/** The pieces a job recorded (read from job_pieces as each one is recorded: they go at completion). */
function watchPieces(run: QueueUnderTest): Map<number, { start: number; end: number }> {
  const seen = new Map<number, { start: number; end: number }>();
  run.queue.subscribe((event) => {
    if (event.type !== 'job_progress') return;
    const rows = run.db
      .prepare('SELECT idx, start_sample, end_sample FROM job_pieces WHERE job_id = ?')
      .all(event.jobId) as { idx: number; start_sample: number; end_sample: number }[];
    for (const row of rows) seen.set(row.idx, { start: row.start_sample, end: row.end_sample });
  });
  return seen;
}

async function runJob(name: string, vad: boolean) {
  const { logger, lines } = capturedLogger();
  const run = startQueue(temp.dir, name, {
    logger,
    pieces: {
      remotes: [remoteSpec('server-a', server.baseUrl)],
      localConcurrency: 1,
      split: { targetMs: 5000, maxMs: 6000 },
    },
  });
  const pieces = watchPieces(run);
  const { added } = await run.queue.add([speech.file], {
    outputDir: path.join(temp.dir, `${name}-out`),
    ...(vad ? { vadModelPath: fixtures.sileroVad } : {}),
  });
  await run.queue.drain();
  const job = run.queue.get(added[0]!.id) as Job;
  await run.close();
  const cuts = [...pieces.entries()].sort((a, b) => a[0] - b[0]).map(([, p]) => p);
  const fallbacks = lines.filter((l) => l['event'] === 'piece_split_energy_fallback');
  return { job, cuts, fallbacks };
}

describe('long file jobs cut by the VAD', () => {
  it('cuts only in pauses (noise-filled ones too) and stitches the captions on the file’s time line', async () => {
    const { job, cuts, fallbacks } = await runJob('vad', true);
    expect(job.state).toBe('completed');
    expect(fallbacks).toEqual([]);
    expect(job.pieces?.total).toBeGreaterThanOrEqual(6);
    expect(cuts).toHaveLength(job.pieces!.total);
    expect(cuts[0]!.start).toBe(0);
    expect(cuts.at(-1)!.end).toBe(speech.samples.length);
    for (let i = 1; i < cuts.length; i++) expect(cuts[i]!.start).toBe(cuts[i - 1]!.end);
    for (const piece of cuts.slice(0, -1))
      expect(inPause(speech, piece.end), `cut at ${piece.end / SAMPLE_RATE} s`).toBe(true);
    expect(new Set(job.engines)).toEqual(new Set(['local', 'server-a']));

    // Captions in order, each over a sentence (times moved by its piece's start), every sentence captioned.
    const segments = job.segments ?? [];
    for (let i = 1; i < segments.length; i++)
      expect(segments[i]!.startMs).toBeGreaterThanOrEqual(segments[i - 1]!.startMs);
    const ms = (samples: number) => (samples * 1000) / SAMPLE_RATE;
    const overlaps = (s: { startMs: number; endMs: number }, sentence: { start: number; end: number }) =>
      s.endMs > ms(sentence.start) - 500 && s.startMs < ms(sentence.end) + 500;
    for (const sentence of speech.sentences)
      expect(segments.some((s) => overlaps(s, sentence) && s.text.trim() !== '')).toBe(true);
    const captioned = segments.filter((s) => s.text.trim() !== '');
    const overSpeech = captioned.filter((s) => speech.sentences.some((sentence) => overlaps(s, sentence)));
    expect(overSpeech.length).toBeGreaterThanOrEqual(captioned.length * 0.8);
    expect(parseVttStrict(readFileSync(job.outputs[0]!.path, 'utf8')).length).toBeGreaterThan(0);
  }, 300_000);

  it('without a VAD model: the energy fallback, said once as a JSON log line', async () => {
    const { job, cuts, fallbacks } = await runJob('energy', false);
    expect(job.state).toBe('completed');
    expect(fallbacks).toHaveLength(1);
    expect(fallbacks[0]).toMatchObject({ jobId: job.id, source: job.source, level: 40 });
    expect(String(fallbacks[0]!['reason'])).toContain('no VAD model');
    // Noise in the pauses: the energy detector finds none and cuts inside sentences.
    expect(cuts.slice(0, -1).some((piece) => !inPause(speech, piece.end))).toBe(true);
  }, 300_000);
});
