import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../src/engine/client/engine-client.js';
import { startForkedEngine } from '../../src/engine/client/fork-channel.js';
import { AppError } from '../../src/shared/errors.js';
import type { Segment, Transcript } from '../../src/shared/transcript.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { writeLoopedSpeech } from '../helpers/jobs.js';

// The engine's pause and resume (what file jobs do while the user dictates), on the real engine with
// micro-en (6 s windows, real text).
const temp = makeTempDir('dictation-engine-pause-');
let engine: EngineClient;
let speech: string;

beforeAll(async () => {
  engine = await startForkedEngine('pause-test');
  await engine.loadModel(fixtures.microModel);
  speech = await writeLoopedSpeech(path.join(temp.dir, 'speech-30s.wav'), 30);
});
afterAll(async () => {
  await engine?.shutdown();
  temp.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Every 6 s window's text exactly once, in order, up to the end. (whisper's temperature fallback
 * samples at random, so the words themselves may differ from one run to the next.)
 */
function expectWholeFileOnce(transcript: Transcript, streamed: Segment[]) {
  expect(transcript.audioMs).toBe(30_000);
  expect(streamed).toEqual(transcript.segments);
  const starts = transcript.segments.map((s) => s.startMs);
  expect(starts).toEqual([...new Set(starts)].sort((a, b) => a - b));
  for (let window = 0; window < 5; window++) {
    const covered = transcript.segments.some(
      (s) => s.startMs < (window + 1) * 6000 && s.endMs > window * 6000,
    );
    expect(covered).toBe(true);
  }
}

function transcribe(onProgress: (percent: number) => void = () => {}) {
  const streamed: Segment[] = [];
  const running = engine.transcribe(
    { kind: 'file', path: speech },
    { language: 'en', threads: 1 },
    { onProgress, onSegment: (s) => streamed.push(s) },
  );
  return { running, streamed };
}

describe('engine pause', () => {
  it('holds a transcription without progress and, resumed, redoes the interrupted window', async () => {
    const progress: number[] = [];
    let firstProgress!: () => void;
    const started = new Promise<void>((resolve) => (firstProgress = resolve));
    const { running, streamed } = transcribe((p) => {
      progress.push(p);
      firstProgress();
    });
    await started;
    for (let i = 0; i < 3; i++) {
      await running.pause();
      const pausedAt = progress.length;
      await sleep(400);
      expect(progress.length).toBe(pausedAt);
      expect((await engine.status()).busy).toBe(true);
      await running.resume();
      await sleep(60);
    }
    expectWholeFileOnce(await running.result, streamed);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(100);
  });

  it('starts paused when paused before it begins, and aborts from a pause at once', async () => {
    const progress: number[] = [];
    const { running } = transcribe((p) => progress.push(p));
    await running.pause();
    await sleep(500);
    expect(progress).toEqual([]);
    const abortedAt = performance.now();
    running.abort();
    const error = await running.result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe('aborted');
    expect(performance.now() - abortedAt).toBeLessThan(500);
    // The engine is free and works normally afterwards.
    const again = transcribe();
    expectWholeFileOnce(await again.running.result, again.streamed);
  });
});
