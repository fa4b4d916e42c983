import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../src/engine/client/engine-client.js';
import { startForkedEngine } from '../../src/engine/client/fork-channel.js';
import { AppError } from '../../src/shared/errors.js';
import type { Transcript } from '../../src/shared/transcript.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { writeLoopedSpeech } from '../helpers/jobs.js';

// The engine's pause and resume (what file jobs do while the user dictates), on the real engine with
// micro-en, whose greedy decoding is deterministic: a paused and resumed run must give the same text.
const temp = makeTempDir('dictation-engine-pause-');
let engine: EngineClient;
let speech: string;
let reference: Transcript;

beforeAll(async () => {
  engine = await startForkedEngine('pause-test');
  await engine.loadModel(fixtures.microModel);
  speech = await writeLoopedSpeech(path.join(temp.dir, 'speech-30s.wav'), 30);
  reference = await engine.transcribe({ kind: 'file', path: speech }, { language: 'en', threads: 1 }).result;
});
afterAll(async () => {
  await engine?.shutdown();
  temp.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('engine pause', () => {
  it('holds a transcription without progress and, resumed, redoes the interrupted window exactly', async () => {
    const progress: number[] = [];
    let pausedAt = -1;
    let firstProgress!: () => void;
    const started = new Promise<void>((resolve) => (firstProgress = resolve));
    const running = engine.transcribe(
      { kind: 'file', path: speech },
      { language: 'en', threads: 1 },
      {
        onProgress: (p) => {
          progress.push(p);
          firstProgress();
        },
      },
    );
    await started;
    for (let i = 0; i < 3; i++) {
      await running.pause();
      pausedAt = progress.length;
      await sleep(400);
      expect(progress.length).toBe(pausedAt);
      expect((await engine.status()).busy).toBe(true);
      await running.resume();
      await sleep(60);
    }
    const transcript = await running.result;
    expect(transcript.segments).toEqual(reference.segments);
    expect(transcript.audioMs).toBe(30_000);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(100);
  });

  it('starts paused when paused before it begins, and aborts from a pause at once', async () => {
    const progress: number[] = [];
    const running = engine.transcribe(
      { kind: 'file', path: speech },
      { language: 'en', threads: 1 },
      { onProgress: (p) => progress.push(p) },
    );
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
    const again = await engine.transcribe({ kind: 'file', path: speech }, { language: 'en', threads: 1 })
      .result;
    expect(again.segments).toEqual(reference.segments);
  });
});
