import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { SAMPLE_RATE, speak, Timeline, withNoise } from './espeak.js';
import { writeWav } from './wav-writer.js';

const SENTENCES = [
  'The quick brown fox jumps over the lazy dog near the river bank.',
  'She sells sea shells by the sea shore every summer morning.',
  'Peter Piper picked a peck of pickled peppers for his sister.',
  'A journey of a thousand miles begins with a single step forward.',
  'All that glitters is not gold, and all who wander are not lost.',
  'The rain in Spain stays mainly in the plain during the spring.',
];

export interface PausedSpeech {
  file: string;
  samples: Float32Array;
  /** Where each sentence is, in samples; everything between two of them is a pause. */
  sentences: { start: number; end: number }[];
}

/**
 * A long recording of espeak-ng sentences (trimmed to the voice) with pauses of `pauseMs` between
 * them, the pauses filled with steady seeded noise of `noise` amplitude (0: digital silence). Noise
 * that loud is not quiet to an energy detector; to Silero it is not speech.
 */
export function writePausedSpeech(
  dir: string,
  name: string,
  { count = 8, pauseMs = 1200, noise = 0.05 } = {},
): PausedSpeech {
  mkdirSync(dir, { recursive: true });
  const timeline = new Timeline();
  const sentences: { start: number; end: number }[] = [];
  const toSamples = (ms: number) => Math.round((ms * SAMPLE_RATE) / 1000);
  for (let i = 0; i < count; i++) {
    const placed = timeline.add(speak(dir, SENTENCES[i % SENTENCES.length] as string, 'en-us', 160, true));
    sentences.push({ start: toSamples(placed.fromMs), end: toSamples(placed.toMs) });
    const gap = new Float32Array(toSamples(pauseMs));
    timeline.add(noise > 0 ? withNoise(gap, noise, i + 1) : gap);
  }
  const samples = timeline.samples();
  const file = path.join(dir, `${name}.wav`);
  writeWav(file, samples, { sampleRate: SAMPLE_RATE, channels: 1, bits: 16 });
  return { file, samples, sentences };
}

/** Whether a cut at `at` (samples) falls in a pause, at least `marginMs` from the sentences on either side. */
export function inPause(speech: PausedSpeech, at: number, marginMs = 150): boolean {
  const margin = Math.round((marginMs * SAMPLE_RATE) / 1000);
  return speech.sentences.every((s) => at <= s.start - margin || at >= s.end + margin);
}
