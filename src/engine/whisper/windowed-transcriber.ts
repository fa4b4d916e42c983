import { AppError } from '../../shared/errors.js';
import type { Segment } from '../../shared/transcript.js';
import { msToSamples, samplesToMs } from '../../shared/audio.js';
import { quietestCut } from '../speech/quiet-cut.js';
import type { SpeechModel } from '../speech/speech-model.js';
import type { NativeEvent, NativeSegment, NativeTranscribeOptions } from './native-addon.js';

type NativeError = Error & { code?: string };

/** Peak below -60 dBFS: nothing a microphone would call speech. Never sent to the model. */
const SILENCE_PEAK = 0.001;
/** A cut-off last segment is redone in the next window only if at least this much was consumed. */
const MIN_ADVANCE_MS = 1000;

export interface WindowedRun {
  model: Pick<SpeechModel, 'transcribe'>;
  windowMs: number;
  /** How windows join (SpeechModel.windowing); Whisper's seek-like "resegment" unless said. */
  windowing?: SpeechModel['windowing'];
  options: NativeTranscribeOptions;
  /** Per window: stop the decoder at this many tokens per second of the window's audio. */
  maxTokensPerSecond?: number;
  /** Per window: size the encoder's audio context to the window (ACFT models). */
  dynamicAudioContext?: boolean;
  chunks: AsyncIterable<Float32Array>;
  /** Total length if known, for progress. */
  totalMs: () => number | null;
  isAborted: () => boolean;
  /** Lets a host yield the CPU (to dictation) without losing the stream; see PauseControl. */
  pause?: PauseControl;
  onProgress: (percent: number) => void;
  onSegment: (segment: Segment) => void;
}

/**
 * Pausing aborts the window being inferred (the native abort stops it within milliseconds) and redoes
 * that window after resume. Waiting for the window to finish instead would keep every core busy for up
 * to a whole window (seconds to tens of seconds with a large model) while the user dictates; redoing
 * costs at most one window of work and keeps the decoded audio, so nothing is read twice.
 */
export interface PauseControl {
  isPaused(): boolean;
  /** Resolves once not paused (or aborted). */
  untilResumed(): Promise<void>;
  /** Counts pauses, so an abort caused by a pause is told apart from a real one. */
  pauses(): number;
}

export interface WindowedResult {
  segments: Segment[];
  language: string;
  audioMs: number;
  inferenceMs: number;
  decodeMs: number;
  /** True when every window was silent, so the model was never asked. */
  allSilent: boolean;
}

function peak(samples: Float32Array): number {
  let max = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = Math.abs(samples[i] ?? 0);
    if (v > max) max = v;
  }
  return max;
}

/**
 * Transcribes a stream one model window at a time, like whisper's own seek loop: when a window is
 * followed by more audio, its last segment may be cut mid-sentence, so it is dropped and the next
 * window starts where that segment began ("resegment"); for models that take a window whole, the
 * window ends at its quietest moment near the limit instead ("at-pause"). Memory holds one window
 * plus one decoded block.
 */
export async function transcribeWindowed(run: WindowedRun): Promise<WindowedResult> {
  const windowSamples = msToSamples(run.windowMs);
  const iterator = run.chunks[Symbol.asyncIterator]();
  let buffer = new Float32Array(windowSamples * 2);
  let bufferLength = 0;
  let bufferStart = 0; // absolute sample index of buffer[0]
  let inputDone = false;
  let reportedPercent = 0;
  let language = '';
  let inferenceMs = 0;
  let decodeMs = 0;
  let anySpeech = false;
  const segments: Segment[] = [];

  const report = (percent: number) => {
    const clamped = Math.min(100, Math.max(reportedPercent, Math.floor(percent)));
    if (clamped > reportedPercent) {
      reportedPercent = clamped;
      run.onProgress(clamped);
    }
  };

  const fill = async () => {
    while (!inputDone && bufferLength < windowSamples) {
      const started = performance.now();
      const next = await iterator.next();
      decodeMs += performance.now() - started;
      if (next.done) {
        inputDone = true;
        break;
      }
      const chunk = next.value;
      if (bufferLength + chunk.length > buffer.length) {
        const grown = new Float32Array(Math.max(buffer.length * 2, bufferLength + chunk.length));
        grown.set(buffer.subarray(0, bufferLength));
        buffer = grown;
      }
      buffer.set(chunk, bufferLength);
      bufferLength += chunk.length;
    }
  };

  try {
    for (;;) {
      if (run.isAborted()) throw new AppError('aborted', 'transcription aborted');
      await fill();
      if (bufferLength === 0) break;
      const isLast = inputDone && bufferLength <= windowSamples;
      const full = Math.min(bufferLength, windowSamples);
      const windowLength = !isLast && run.windowing === 'at-pause' ? quietestCut(buffer, full) : full;
      const window = buffer.slice(0, windowLength);
      const offsetMs = samplesToMs(bufferStart);
      const windowMs = samplesToMs(windowLength);
      const total = run.totalMs();

      let consumed = windowLength;
      if (peak(window) >= SILENCE_PEAK) {
        anySpeech = true;
        const started = performance.now();
        const onEvent = (event: NativeEvent) => {
          if (event.type === 'progress' && total)
            report(((offsetMs + (windowMs * event.percent) / 100) / total) * 100);
        };
        const result = await inferWindow(run, window, onEvent);
        inferenceMs += performance.now() - started;
        language ||= result.language;
        let kept = result.segments;
        if (run.windowing !== 'at-pause' && !isLast && windowLength === windowSamples && kept.length >= 2) {
          const cut = kept[kept.length - 1] as NativeSegment;
          if (cut.startMs >= MIN_ADVANCE_MS) {
            kept = kept.slice(0, -1);
            consumed = msToSamples(cut.startMs);
          }
        }
        for (const native of kept) {
          const segment = toSegment(native, offsetMs, windowMs);
          if (segment) {
            segments.push(segment);
            run.onSegment(segment);
          }
        }
      }
      bufferStart += consumed;
      buffer.copyWithin(0, consumed, bufferLength);
      bufferLength -= consumed;
      if (total) report((samplesToMs(bufferStart) / total) * 100);
    }
  } finally {
    await iterator.return?.();
  }
  report(100);
  return {
    segments,
    language,
    audioMs: samplesToMs(bufferStart),
    inferenceMs,
    decodeMs,
    allSilent: !anySpeech,
  };
}

const REDO = Symbol('redo');

/** One window through whisper; a window interrupted by a pause is inferred again after resume. */
async function inferWindow(
  run: WindowedRun,
  window: Float32Array,
  onEvent: (event: NativeEvent) => void,
): Promise<{ segments: NativeSegment[]; language: string }> {
  for (;;) {
    while (run.pause?.isPaused() && !run.isAborted()) await run.pause.untilResumed();
    if (run.isAborted()) throw new AppError('aborted', 'transcription aborted');
    // No await between the pause check above and this call: a pause arriving from now on aborts it.
    const pausesBefore = run.pause?.pauses() ?? 0;
    const result = await run.model
      .transcribe(window, windowOptions(run, window.length), onEvent)
      .catch((error: NativeError): typeof REDO => {
        if (run.isAborted()) throw new AppError('aborted', 'transcription aborted');
        if (error.code === 'ABORTED') {
          if ((run.pause?.pauses() ?? 0) !== pausesBefore) return REDO;
          throw new AppError('aborted', 'transcription aborted');
        }
        throw new AppError('internal', `the speech model failed: ${error.message}`, { detail: error.stack });
      });
    if (run.isAborted()) throw new AppError('aborted', 'transcription aborted');
    if (result !== REDO) return result;
  }
}

/** Encoder frames are 20 ms; whisper.cpp's audio_ctx is counted in them (1500 for 30 s). */
const ENCODER_FRAME_SAMPLES = 320;
/** Audio context is rounded up to a multiple of this many frames (64 at least). */
const AUDIO_CTX_STEP = 64;
/** Frames beyond the audio, as FUTO's voice input adds for its ACFT models (ceil(samples/320) + 32). */
const AUDIO_CTX_MARGIN = 32;

/** The options for one window: the token limit and audio context that follow from its length. */
export function windowOptions(
  run: Pick<WindowedRun, 'options' | 'maxTokensPerSecond' | 'dynamicAudioContext' | 'windowMs'>,
  samples: number,
): NativeTranscribeOptions {
  const options = { ...run.options };
  const seconds = samples / 16_000;
  if (run.maxTokensPerSecond) options.maxTokens = Math.max(1, Math.ceil(run.maxTokensPerSecond * seconds));
  if (run.dynamicAudioContext) {
    const full = Math.round(msToSamples(run.windowMs) / ENCODER_FRAME_SAMPLES);
    const needed = Math.ceil(samples / ENCODER_FRAME_SAMPLES) + AUDIO_CTX_MARGIN;
    const ctx = Math.max(AUDIO_CTX_STEP, Math.ceil(needed / AUDIO_CTX_STEP) * AUDIO_CTX_STEP);
    if (ctx < full) options.audioCtx = ctx;
  }
  return options;
}

function toSegment(native: NativeSegment, offsetMs: number, windowMs: number): Segment | null {
  const text = native.text.trim();
  if (!text) return null;
  const clamp = (ms: number) => Math.round(offsetMs + Math.min(Math.max(ms, 0), windowMs));
  const startMs = clamp(native.startMs);
  const endMs = Math.max(startMs, clamp(native.endMs));
  const segment: Segment = { startMs, endMs, text, noSpeechProb: clamp01(native.noSpeechProb) };
  if (native.tokens) {
    segment.tokens = native.tokens
      .filter((t) => t.text.length > 0)
      .map((t) => ({ text: t.text, startMs: clamp(t.startMs), endMs: clamp(t.endMs), p: clamp01(t.p) }));
  }
  return segment;
}

function clamp01(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}
