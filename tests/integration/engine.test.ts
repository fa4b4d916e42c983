import { ENGINE_PROTOCOL_VERSION } from '../../src/shared/engine-protocol.js';
import { copyFileSync, openSync, closeSync, writeFileSync, ftruncateSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient } from '../../src/engine/client/engine-client.js';
import { forkEngineChannel, startForkedEngine } from '../../src/engine/client/fork-channel.js';
import { readAudioFile } from '../../src/audio/open-audio.js';
import { AppError } from '../../src/shared/errors.js';
import type { Segment } from '../../src/shared/transcript.js';
import { fixtures, makeTempDir, randomModel } from '../helpers/fixtures.js';

// The real engine process with the real whisper.cpp binding: nothing here is mocked.
const temp = makeTempDir('dictation-engine-');
let engine: EngineClient;

beforeAll(async () => {
  engine = await startForkedEngine('engine-test');
});
afterAll(async () => {
  await engine?.shutdown();
  temp.cleanup();
});

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

function expectWellFormed(segments: Segment[], audioMs: number) {
  let previousStart = 0;
  for (const s of segments) {
    expect(s.text.trim().length).toBeGreaterThan(0);
    expect(s.startMs).toBeGreaterThanOrEqual(previousStart);
    expect(s.endMs).toBeGreaterThanOrEqual(s.startMs);
    expect(s.endMs).toBeLessThanOrEqual(audioMs + 10);
    previousStart = s.startMs;
  }
}

describe('engine process', () => {
  it('exchanges the protocol version and reports whisper.cpp and the CPU back-end it chose', () => {
    expect(engine.hello?.protocolVersion).toBe(ENGINE_PROTOCOL_VERSION);
    expect(engine.hello?.whisperVersion).toMatch(/^1\.\d+\.\d+/);
    expect(engine.hello?.devices.some((d) => d.type === 'cpu')).toBe(true);
    // Runtime dispatch picked a variant with the CPU's vector units, not the plain x86-64 build.
    if (process.arch === 'x64') expect(engine.hello?.systemInfo).toMatch(/AVX2 = 1/);
  });

  it('refuses a client that speaks another protocol version, naming both versions', async () => {
    const error = await errorOf(EngineClient.connect(forkEngineChannel(), 'old-app', 999));
    expect(error.kind).toBe('protocol_mismatch');
    expect(error.message).toContain('version 999');
    expect(error.message).toContain(`version ${ENGINE_PROTOCOL_VERSION}`);
  });

  it('answers a malformed message with a specific error and keeps working', async () => {
    const channel = forkEngineChannel();
    const client = await EngineClient.connect(channel, 'fuzz');
    const replies: unknown[] = [];
    channel.onMessage((m) => replies.push(m));
    channel.send({ type: 'transcribe', id: 'bad-1', source: { kind: 'file' } });
    channel.send('not even an object');
    await new Promise((r) => setTimeout(r, 300));
    expect(replies).toContainEqual(
      expect.objectContaining({
        type: 'error',
        id: 'bad-1',
        error: expect.objectContaining({ kind: 'invalid_message' }),
      }),
    );
    expect(replies.filter((r) => (r as { type: string }).type === 'error')).toHaveLength(2);
    expect((await client.status()).busy).toBe(false);
    await client.shutdown();
  });

  it('loads the vocab-only model in well under a second and transcribes to empty text', async () => {
    const model = await engine.loadModel(fixtures.vocabOnlyModel);
    expect(model.loadMs).toBeLessThan(1000);
    expect(model.windowMs).toBe(30000);
    const progress: number[] = [];
    const transcript = await engine.transcribe(
      { kind: 'file', path: fixtures.jfkWav },
      { language: 'en' },
      {
        onProgress: (p) => progress.push(p),
      },
    ).result;
    expect(transcript.audioMs).toBe(11000);
    expectWellFormed(transcript.segments, 11000);
    expect(progress.at(-1)).toBe(100);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('turns speech into timed text with the micro model, streaming segments as they come', async () => {
    await engine.loadModel(fixtures.microModel);
    const pcm = (await readAudioFile(fixtures.jfkWav)).slice(0, 16000 * 5);
    const streamed: Segment[] = [];
    const transcript = await engine.transcribe(
      { kind: 'pcm', samples: pcm },
      { language: 'en', tokenTimestamps: true },
      {
        onSegment: (s) => streamed.push(s),
      },
    ).result;
    expect(transcript.segments.length).toBeGreaterThan(0);
    expect(transcript.segments.map((s) => s.text).join(' ')).toMatch(/[a-z]{2,}/i);
    expectWellFormed(transcript.segments, 5000);
    expect(streamed).toEqual(transcript.segments);
    expect(transcript.segments[0]?.tokens?.length).toBeGreaterThan(0);
  });

  it('accepts language, translate and initial prompt options', async () => {
    const pcm = (await readAudioFile(fixtures.jfkWav)).slice(0, 16000 * 4);
    const transcript = await engine.transcribe(
      { kind: 'pcm', samples: pcm },
      { language: 'en', translate: true, initialPrompt: 'Kennedy, inaugural address' },
    ).result;
    expectWellFormed(transcript.segments, 4000);
  });

  it('never sends digital silence to the model', async () => {
    const error = await errorOf(
      engine.transcribe({ kind: 'pcm', samples: new Float32Array(16000 * 3) }).result,
    );
    expect(error.kind).toBe('audio_silent');
  });

  it('transcribes a file longer than the model window in windows, timed inside the audio', async () => {
    // micro-en has a 6 s window: jfk.wav (11 s) needs at least two windows.
    const transcript = await engine.transcribe({ kind: 'file', path: fixtures.jfkWav }, { language: 'en' })
      .result;
    expectWellFormed(transcript.segments, 11000);
    expect(transcript.segments.at(-1)!.endMs).toBeGreaterThan(6000);
  });

  it('reports bad input with a specific error and stays usable', async () => {
    const corrupt = path.join(temp.dir, 'corrupt.wav');
    writeFileSync(corrupt, Buffer.from('RIFF\x10\x00\x00\x00WAVEjunkjunkjunk', 'binary'));
    expect((await errorOf(engine.transcribe({ kind: 'file', path: corrupt }).result)).kind).toBe(
      'audio_corrupt',
    );
    expect((await errorOf(engine.transcribe({ kind: 'file', path: '/nonexistent.wav' }).result)).kind).toBe(
      'audio_not_found',
    );
    const ok = await engine.transcribe({ kind: 'file', path: fixtures.jfkWav }).result;
    expect(ok.audioMs).toBe(11000);
  });

  it('rejects model files that are missing, not ggml, or truncated without crashing', async () => {
    expect((await errorOf(engine.loadModel('/nonexistent/model.bin'))).kind).toBe('model_not_found');
    const notModel = path.join(temp.dir, 'not-a-model.bin');
    writeFileSync(notModel, 'this is not a model at all');
    expect((await errorOf(engine.loadModel(notModel))).kind).toBe('model_invalid');
    const truncated = path.join(temp.dir, 'truncated.bin');
    copyFileSync(fixtures.microModel, truncated);
    const fd = openSync(truncated, 'r+');
    ftruncateSync(fd, Math.floor(statSync(truncated).size / 2));
    closeSync(fd);
    const error = await errorOf(engine.loadModel(truncated));
    expect(error.kind).toBe('model_invalid');
    expect(error.message).toMatch(
      /truncated whisper\.cpp model: tensor \d+ of 128 .* but the file ends at byte \d+/,
    );
    // After a failed load no model is resident, and a good one loads again.
    expect((await errorOf(engine.transcribe({ kind: 'file', path: fixtures.jfkWav }).result)).kind).toBe(
      'model_not_loaded',
    );
    await engine.loadModel(fixtures.microModel);
  });
});

describe('abort', () => {
  it('ends a running transcription within 300 ms and the engine stays usable', async () => {
    await engine.loadModel(randomModel('base.en'));
    const pcm = (await readAudioFile(fixtures.jfkWav)).slice();
    const long = new Float32Array(16000 * 30);
    for (let i = 0; i < long.length; i += pcm.length)
      long.set(pcm.subarray(0, Math.min(pcm.length, long.length - i)), i);
    const running = engine.transcribe({ kind: 'pcm', samples: long }, { language: 'en', threads: 2 });
    const outcome = running.result.then(
      () => 'finished',
      (e: AppError) => e.kind,
    );
    // base.en needs seconds for 30 s of audio on two cores: abort while the encoder or decoder runs.
    await new Promise((r) => setTimeout(r, 800));
    const abortAt = performance.now();
    running.abort();
    const kind = await outcome;
    const abortMs = performance.now() - abortAt;
    expect(kind).toBe('aborted');
    expect(abortMs).toBeLessThan(300);
    const status = await engine.status();
    expect(status.busy).toBe(false);
    await engine.loadModel(fixtures.vocabOnlyModel);
    expect((await engine.transcribe({ kind: 'file', path: fixtures.jfkWav }).result).audioMs).toBe(11000);
  }, 180_000);
});

describe('a dying engine', () => {
  it('refuses a message sent after its channel closed with an error the sender catches, never an uncaught one', async () => {
    const channel = forkEngineChannel();
    const client = await EngineClient.connect(channel, 'dying-engine-test');
    const crashed = new Promise<AppError>((resolve) => client.onExit(resolve));
    process.kill(channel.pid ?? 0, 'SIGKILL');
    // The microphone keeps delivering until the exit event arrives; none of that may throw.
    const samples = new Float32Array(512);
    let exited = false;
    void crashed.then(() => (exited = true));
    while (!exited) {
      client.sendAudio(samples);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await crashed).kind).toBe('engine_crashed');
    // A message that races the death (here: sent after it) fails where it is sent.
    expect(() => channel.send({ type: 'status', id: 'late' })).toThrow(/closed/);
    await expect(client.status()).rejects.toMatchObject({ kind: 'engine_crashed' });
    await new Promise((resolve) => setTimeout(resolve, 50)); // an unhandled IPC error would surface here
  });
});
