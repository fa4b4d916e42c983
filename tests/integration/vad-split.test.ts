import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudioFile } from '../../src/audio/open-audio.js';
import { pausesBetween, planPieces } from '../../src/audio/silence-split.js';
import type { EngineClient } from '../../src/engine/client/engine-client.js';
import { startForkedEngine } from '../../src/engine/client/fork-channel.js';
import { msToSamples } from '../../src/shared/audio.js';
import type { SpeechRegion } from '../../src/shared/speech-regions.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { inPause, writePausedSpeech, type PausedSpeech } from '../helpers/paused-speech.js';

// The real engine process runs whisper.cpp's Silero VAD over whole files (detect_speech); a long file is
// cut in the pauses between the regions it finds, also where steady noise fills the pauses.
const temp = makeTempDir('dictation-vad-split-');
const split = { targetMs: 5000, maxMs: 6000 };
let engine: EngineClient;
let noisy: PausedSpeech;

beforeAll(async () => {
  engine = await startForkedEngine('vad-split-test');
  noisy = writePausedSpeech(temp.dir, 'noisy', { count: 10, noise: 0.05 });
}, 120_000);
afterAll(async () => {
  await engine?.shutdown();
  temp.cleanup();
});

const asSamples = (regions: readonly SpeechRegion[]) =>
  regions.map((r) => ({ start: msToSamples(r.startMs), end: msToSamples(r.endMs) }));

describe('speech regions from the engine (Silero)', () => {
  it('finds the four stretches of speech in jfk.wav (dips under 200 ms do not end one)', async () => {
    const found = await engine.detectSpeech(
      { kind: 'file', path: fixtures.jfkWav },
      { vadModelPath: fixtures.sileroVad, minSilenceMs: 200 },
    );
    expect(found.audioMs).toBeCloseTo(11_000, -2);
    const expected = [
      [300, 2300],
      [3300, 4400],
      [5400, 7700],
      [8200, 10_600],
    ];
    expect(found.regions).toHaveLength(4);
    found.regions.forEach((region, i) => {
      expect(Math.abs(region.startMs - expected[i]![0]!)).toBeLessThan(400);
      expect(Math.abs(region.endMs - expected[i]![1]!)).toBeLessThan(400);
    });
  });

  it('a missing VAD model is a clear error, and the engine keeps answering', async () => {
    await expect(
      engine.detectSpeech({ kind: 'file', path: fixtures.jfkWav }, { vadModelPath: '/nonexistent/vad.bin' }),
    ).rejects.toMatchObject({ kind: 'model_not_found' });
    expect((await engine.status()).busy).toBe(false);
  });

  it('cuts a long file only in the pauses between sentences, though noise fills them', async () => {
    const found = await engine.detectSpeech(
      { kind: 'file', path: noisy.file },
      { vadModelPath: fixtures.sileroVad },
    );
    const samples = await readAudioFile(noisy.file);
    const pieces = planPieces(samples, split, pausesBetween(asSamples(found.regions), samples.length, split));
    expect(pieces.length).toBeGreaterThanOrEqual(8);
    expect(pieces[0]!.start).toBe(0);
    expect(pieces.at(-1)!.end).toBe(samples.length);
    for (let i = 1; i < pieces.length; i++) expect(pieces[i]!.start).toBe(pieces[i - 1]!.end);
    for (const piece of pieces) expect(piece.end - piece.start).toBeLessThanOrEqual(msToSamples(6000));
    for (const piece of pieces.slice(0, -1))
      expect(inPause(noisy, piece.end), `cut at ${piece.end / 16_000} s is in a sentence`).toBe(true);

    // The energy detector alone hears the noise as sound: no pause, so it cuts inside sentences.
    const byEnergy = planPieces(samples, split).slice(0, -1);
    const wrong = byEnergy.filter((piece) => !inPause(noisy, piece.end));
    expect(wrong.length).toBeGreaterThan(byEnergy.length / 2);
  });

  it('in a file with quiet pauses the VAD and the energy fallback both cut in them', async () => {
    const quiet = writePausedSpeech(temp.dir, 'quiet', { count: 6, noise: 0 });
    const found = await engine.detectSpeech(
      { kind: 'file', path: quiet.file },
      { vadModelPath: fixtures.sileroVad },
    );
    const samples = await readAudioFile(quiet.file);
    for (const pauses of [pausesBetween(asSamples(found.regions), samples.length, split), null]) {
      for (const piece of planPieces(samples, split, pauses).slice(0, -1))
        expect(inPause(quiet, piece.end)).toBe(true);
    }
  });
});
