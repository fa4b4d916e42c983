import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudioFile } from '../../src/audio/open-audio.js';
import type { EngineClient, ListenerEvent } from '../../src/engine/client/engine-client.js';
import { startForkedEngine } from '../../src/engine/client/fork-channel.js';
import { nativeParakeet } from '../../src/engine/parakeet/native-parakeet.js';
import { loadNativeAddon } from '../../src/engine/whisper/native-addon.js';
import { AppError } from '../../src/shared/errors.js';
import type { Segment, Transcript } from '../../src/shared/transcript.js';
import {
  cliEntry,
  fixtures,
  makeTempDir,
  parakeetTestModel,
  randomParakeetModel,
  tinyParakeetModel,
} from '../helpers/fixtures.js';
import { withTensorRenamed } from '../helpers/ggml-edit.js';
import { writeLoopedSpeech } from '../helpers/jobs.js';

// Parakeet TDT through the project's addon and the engine process: a miniature random-weight model
// that emits words for behaviour, whisper.cpp's own test model for the loader's own checks, and the
// full-size random-weight 0.6B v3 where the cost must be real (abort, pause). Nothing is mocked.
const temp = makeTempDir('dictation-parakeet-engine-');
/** tests/tools/gen-random-parakeet.py --preset tiny: emits words, punctuation and times. */
const tiny = tinyParakeetModel();
const JFK_MS = 11_000;
let jfk: Float32Array<ArrayBuffer>;
let engine: EngineClient;

beforeAll(async () => {
  jfk = (await readAudioFile(fixtures.jfkWav)).slice();
  engine = await startForkedEngine('parakeet-test');
});
afterAll(async () => {
  await engine?.shutdown();
  temp.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function expectInsideAudio(segments: Segment[], audioMs: number) {
  expect(segments.length).toBeGreaterThan(0);
  let previous = 0;
  for (const s of segments) {
    expect(s.text.trim().length).toBeGreaterThan(0);
    expect(s.startMs).toBeGreaterThanOrEqual(previous);
    expect(s.endMs).toBeGreaterThan(s.startMs);
    expect(s.endMs).toBeLessThanOrEqual(audioMs);
    for (const t of s.tokens ?? []) {
      expect(t.startMs).toBeGreaterThanOrEqual(s.startMs);
      expect(t.endMs).toBeLessThanOrEqual(s.endMs);
    }
    previous = s.startMs;
  }
}

describe('ParakeetModel (native addon)', () => {
  it('loads off the main thread and transcribes PCM with token times inside the audio, in order', async () => {
    const model = await nativeParakeet().load(tiny, { useGpu: false });
    expect(model.info()).toMatchObject({ vocab: 512, audioLayers: 2, mels: 128, windowMs: 32_000 });
    const progress: number[] = [];
    const result = await model.transcribe(jfk, { threads: 2 }, (e) => {
      if (e.type === 'progress') progress.push(e.percent);
    });
    expect(result.segments).toHaveLength(1);
    const tokens = result.segments[0]!.tokens;
    expect(tokens.length).toBeGreaterThan(0);
    let previous = 0;
    for (const t of tokens) {
      expect(t.startMs).toBeGreaterThanOrEqual(previous);
      expect(t.startMs).toBeLessThan(JFK_MS);
      expect(t.endMs).toBeGreaterThanOrEqual(t.startMs);
      expect(t.p).toBeGreaterThan(0);
      previous = t.startMs;
    }
    expect(tokens.some((t) => t.wordStart)).toBe(true);
    expect(progress[0]).toBe(0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // parakeet.cpp's log goes to the same buffer as whisper.cpp's.
    expect(loadNativeAddon().recentLog(200).join('\n')).toMatch(/parakeet_model_load: n_audio_layer +=\s+2/);
    model.free();
  });

  it('reports what parakeet.cpp itself refuses with its own words (the log buffer)', async () => {
    const file = path.join(temp.dir, 'unknown-tensor.bin');
    writeFileSync(
      file,
      withTensorRenamed(readFileSync(parakeetTestModel()), 'joint.enc.weight', 'joint.xyz.weight'),
    );
    const error = await nativeParakeet()
      .load(file, { useGpu: false })
      .catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/unknown tensor 'joint\.xyz\.weight' in model file/);
  });

  it('aborts the full-size 0.6B model mid-encoder within 300 ms', async () => {
    const model = await nativeParakeet().load(randomParakeetModel(), { useGpu: false });
    const long = new Float32Array(16000 * 30);
    for (let i = 0; i < long.length; i += jfk.length)
      long.set(jfk.subarray(0, Math.min(jfk.length, long.length - i)), i);
    const outcome = model.transcribe(long, { threads: 2 }).then(
      () => 'finished',
      (e: Error & { code?: string }) => e.code,
    );
    await sleep(1000);
    const abortAt = performance.now();
    expect(model.abort()).toBe(true);
    expect(await outcome).toBe('ABORTED');
    expect(performance.now() - abortAt).toBeLessThan(300);
    expect(model.isBusy()).toBe(false);
    model.free();
  }, 300_000);
});

describe('the engine with a Parakeet model', () => {
  it('reports the family and what the model cannot do, read from the file', async () => {
    const info = await engine.loadModel(tiny);
    expect(info).toMatchObject({
      family: 'parakeet',
      takesPrompt: false,
      translates: false,
      languageSelectable: false,
      languages: ['en'],
      gpu: false,
    });
    const transcript = await engine.transcribe(
      { kind: 'pcm', samples: jfk },
      { language: 'auto', translate: true, initialPrompt: 'Grafana' },
    ).result;
    expectInsideAudio(transcript.segments, JFK_MS);
    expect(transcript.warnings).toEqual([
      'Parakeet cannot translate: the speech is transcribed in its own language.',
      'Parakeet takes no initial prompt: the prompt is not used (vocabulary replacements still apply).',
    ]);
  });

  it('transcribes a file longer than one window, cut at pauses, with progress to 100', async () => {
    await engine.loadModel(tiny);
    const file = await writeLoopedSpeech(path.join(temp.dir, 'speech-75s.wav'), 75);
    const progress: number[] = [];
    const streamed: Segment[] = [];
    const transcript = await engine.transcribe(
      { kind: 'file', path: file },
      { language: 'auto' },
      { onProgress: (p) => progress.push(p), onSegment: (s) => streamed.push(s) },
    ).result;
    expect(transcript.audioMs).toBe(75_000);
    expectInsideAudio(transcript.segments, 75_000);
    expect(streamed).toEqual(transcript.segments);
    // Three 30 s windows at most: text near the start, the middle and the end of the file.
    for (const at of [5_000, 40_000, 70_000]) {
      expect(transcript.segments.some((s) => s.startMs <= at + 5_000 && s.endMs >= at - 5_000)).toBe(true);
    }
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(100);
  });

  it('a file job holds on pause and finishes after resume, with the full-size model', async () => {
    await engine.loadModel(randomParakeetModel());
    const file = await writeLoopedSpeech(path.join(temp.dir, 'speech-45s.wav'), 45);
    const progress: number[] = [];
    const streamed: Segment[] = [];
    let first!: () => void;
    const started = new Promise<void>((resolve) => (first = resolve));
    const running = engine.transcribe(
      { kind: 'file', path: file },
      { language: 'auto', threads: 2 },
      {
        onProgress: (p) => {
          progress.push(p);
          first();
        },
        onSegment: (s) => streamed.push(s),
      },
    );
    await started;
    await running.pause();
    const pausedAt = progress.length;
    const pausedSegments = streamed.length;
    await sleep(1500);
    expect(progress.length).toBe(pausedAt);
    expect(streamed.length).toBe(pausedSegments);
    expect((await engine.status()).busy).toBe(true);
    await running.resume();
    const transcript: Transcript = await running.result;
    expect(transcript.audioMs).toBe(45_000);
    expectInsideAudio(transcript.segments, 45_000);
    expect(streamed).toEqual(transcript.segments);
    expect(progress.at(-1)).toBe(100);
  }, 300_000);

  it('a dictation utterance (key held, pre-roll, VAD) goes through Parakeet', async () => {
    await engine.loadModel(tiny);
    const events: ListenerEvent[] = [];
    engine.onListenerEvent((e) => events.push(e));
    await engine.listenStart({ vadModelPath: fixtures.sileroVad, options: { language: 'auto' } });
    engine.sendAudio(new Float32Array(8000)); // 0.5 s of pre-roll before the key
    await engine.beginUtterance('dictation-1');
    for (let i = 0; i < jfk.length; i += 1600) engine.sendAudio(jfk.slice(i, i + 1600));
    await engine.endUtterance('dictation-1');
    for (let i = 0; i < 100 && !events.some((e) => e.type === 'utterance_result'); i++) await sleep(100);
    const result = events.find((e) => e.type === 'utterance_result');
    if (result?.type !== 'utterance_result') throw new Error('no utterance_result');
    expect(result.sessionId).toBe('dictation-1');
    expect(result.text.trim().length).toBeGreaterThan(0);
    expectInsideAudio(result.transcript.segments, result.toMs - result.fromMs);
    await engine.listenStop();
  });

  it("recognises an utterance with its own language and prompt (an app's profile), and says what Parakeet cannot use", async () => {
    await engine.loadModel(tiny);
    const events: ListenerEvent[] = [];
    engine.onListenerEvent((e) => events.push(e));
    await engine.listenStart({ vadModelPath: fixtures.sileroVad, options: { language: 'auto' } });
    const dictate = async (
      sessionId: string,
      recognition: { language?: string; initialPrompt?: string } | null,
    ) => {
      await engine.beginUtterance(sessionId);
      if (recognition) await engine.setUtteranceRecognition(sessionId, recognition);
      for (let i = 0; i < jfk.length; i += 1600) engine.sendAudio(jfk.slice(i, i + 1600));
      await engine.endUtterance(sessionId);
      for (
        let i = 0;
        i < 100 && !events.some((e) => e.type === 'utterance_result' && e.sessionId === sessionId);
        i++
      ) {
        await sleep(100);
      }
      const result = events.find((e) => e.type === 'utterance_result' && e.sessionId === sessionId);
      if (result?.type !== 'utterance_result') throw new Error(`no utterance_result for ${sessionId}`);
      return result.transcript.warnings ?? [];
    };
    const profiled = await dictate('dictation-ja', { language: 'ja', initialPrompt: 'Priya, Kubernetes' });
    expect(profiled.some((w) => w.includes('takes no initial prompt'))).toBe(true);
    expect(profiled.some((w) => w.includes('does not know the language "ja"'))).toBe(true);
    // The next utterance is back on the listen config: no prompt, language detected.
    expect(await dictate('dictation-plain', null)).toEqual([]);
    // Only an open utterance takes recognition settings.
    await expect(engine.setUtteranceRecognition('dictation-plain', { language: 'de' })).rejects.toThrow(
      /No utterance dictation-plain is being recorded/,
    );
    await engine.listenStop();
  });

  it('dictation listen --file finds the utterances and prints Parakeet text for each', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        cliEntry,
        'listen',
        '--file',
        fixtures.jfkWav,
        '--model',
        tiny,
        '--vad-silence',
        '400',
        '--fast',
        '--json',
      ],
      { env: { ...process.env, DICTATION_VAD_MODEL: fixtures.sileroVad } },
    );
    const events = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const finals = events.filter((e) => e['type'] === 'transcript' && e['isFinal'] === true);
    expect(finals).toHaveLength(4);
    for (const final of finals) expect(String(final['text']).trim().length).toBeGreaterThan(0);
  });

  it('switches between a Whisper and a Parakeet model in one engine', async () => {
    expect((await engine.loadModel(fixtures.microModel)).family).toBe('whisper');
    const whisper = await engine.transcribe({ kind: 'pcm', samples: jfk.slice(0, 16000 * 5) }).result;
    expect(whisper.segments.length).toBeGreaterThan(0);
    expect((await engine.loadModel(tiny)).family).toBe('parakeet');
    const parakeet = await engine.transcribe({ kind: 'pcm', samples: jfk }).result;
    expectInsideAudio(parakeet.segments, JFK_MS);
    const error = await engine.loadModel(fixtures.sileroVad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/Silero VAD model/);
  });
});
