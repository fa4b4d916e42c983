import { samplesToMs, msToSamples } from '../../shared/audio.js';
import { AppError } from '../../shared/errors.js';
import type { SpeechDetection, SpeechRegion, SpeechRegions } from '../../shared/speech-regions.js';
import { Endpointer, type Endpoint } from '../listen/endpointer.js';
import { VadStream } from '../listen/vad-stream.js';
import type { NativeVadModel } from '../whisper/native-addon.js';

/** Silero runs on this much audio at a time, then the engine answers other messages (abort, status). */
const BLOCK_SAMPLES = msToSamples(4000);

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Silero over a whole recording, 32 ms window by window with the listener's endpointing (hysteresis,
 * shortest speech, shortest silence): the regions where someone speaks, in order. Steady noise or hum
 * between sentences is not speech to Silero, however loud it is.
 */
export async function detectSpeech(
  model: NativeVadModel,
  chunks: AsyncIterable<Float32Array>,
  detection: SpeechDetection,
  isAborted: () => boolean,
): Promise<SpeechRegions> {
  const stream = new VadStream(model);
  stream.reset();
  const endpointer = new Endpointer({
    threshold: detection.threshold,
    windowSamples: stream.windowSamples,
    minSpeechSamples: msToSamples(detection.minSpeechMs),
    minSilenceSamples: msToSamples(detection.minSilenceMs),
  });
  const regions: SpeechRegion[] = [];
  let startedAt: number | null = null;
  const take = (point: Endpoint | null) => {
    if (point?.type === 'start') startedAt = point.at;
    if (point?.type === 'end' && startedAt !== null) {
      regions.push({ startMs: samplesToMs(startedAt), endMs: samplesToMs(point.at) });
      startedAt = null;
    }
  };
  let total = 0;
  for await (const chunk of chunks) {
    for (let at = 0; at < chunk.length; at += BLOCK_SAMPLES) {
      if (isAborted()) throw new AppError('aborted', 'Speech detection was cancelled.');
      const { probabilities, firstWindowAt } = stream.push(chunk.subarray(at, at + BLOCK_SAMPLES));
      for (let w = 0; w < probabilities.length; w++)
        take(endpointer.feed(probabilities[w] ?? 0, firstWindowAt + w * stream.windowSamples));
      await nextTurn();
    }
    total += chunk.length;
  }
  take(endpointer.finish(total));
  return { regions, audioMs: samplesToMs(total) };
}
