import os from 'node:os';
import type { AudioSource } from '../../shared/engine-protocol.js';
import { AppError } from '../../shared/errors.js';
import { unsupportedRequests } from '../../shared/speech-models.js';
import type { Segment, TranscribeOptions, Transcript } from '../../shared/transcript.js';
import { samplesToMs } from '../../shared/audio.js';
import { openAudio } from '../../audio/open-audio.js';
import type { SpeechModel } from '../speech/speech-model.js';
import type { NativeTranscribeOptions } from '../whisper/native-addon.js';
import { transcribeWindowed } from '../whisper/windowed-transcriber.js';
import type { RunningJob } from './work-scheduler.js';

/** Whisper is fastest with one thread per physical core; more threads than that only contend. */
function defaultThreads(): number {
  return Math.max(1, Math.min(8, os.availableParallelism()));
}

export interface TranscriptionExtras {
  /** A live partial: one segment, not logged. */
  partial?: boolean;
  onProgress?: (percent: number) => void;
  onSegment?: (segment: Segment) => void;
}

type Log = (level: 'info' | 'warn', message: string, data?: Record<string, unknown>) => void;

/** One transcription of a file or of samples, window by window, with abort and pause through `job`. */
export async function runTranscription(
  model: SpeechModel,
  job: RunningJob,
  source: AudioSource,
  options: TranscribeOptions,
  extra: TranscriptionExtras,
  log: Log,
): Promise<Transcript> {
  const started = performance.now();
  const audio = await openSource(source);
  let totalMs: number | null = audio.knownMs;
  void audio.durationMs().then((ms) => (totalMs = ms ?? totalMs));
  const native = nativeOptions(options);
  if (extra.partial) native.singleSegment = true;
  const result = await transcribeWindowed({
    model,
    windowMs: model.info.windowMs,
    windowing: model.windowing,
    options: native,
    ...(options.maxTokensPerSecond ? { maxTokensPerSecond: options.maxTokensPerSecond } : {}),
    dynamicAudioContext: options.dynamicAudioContext,
    chunks: audio.chunks,
    totalMs: () => totalMs,
    isAborted: () => job.aborted,
    pause: job,
    onProgress: extra.onProgress ?? (() => {}),
    onSegment: extra.onSegment ?? (() => {}),
  }).finally(() => audio.close());
  if (result.allSilent) {
    throw new AppError('audio_silent', `${audio.label}: contains only silence, nothing to transcribe`, {
      hint: 'Check that the right microphone or file was used and that it is not muted.',
    });
  }
  if (!extra.partial) {
    log('info', 'transcribed', {
      id: job.id,
      audioMs: Math.round(result.audioMs),
      wallMs: Math.round(performance.now() - started),
      inferenceMs: Math.round(result.inferenceMs),
    });
  }
  const ranOn = model.info;
  const transcript: Transcript = {
    segments: result.segments,
    language: result.language || options.language,
    audioMs: result.audioMs,
    timings: { decodeMs: result.decodeMs, inferenceMs: result.inferenceMs },
    device: {
      name: ranOn.device.description,
      gpu: ranOn.gpu,
      ...(ranOn.gpuFallbackReason ? { fallbackReason: ranOn.gpuFallbackReason } : {}),
    },
  };
  // Asking a model for what it cannot do (Parakeet: translate, a prompt) is said, not ignored.
  const warnings = unsupportedRequests(model.info, options);
  if (warnings.length > 0) transcript.warnings = warnings;
  return transcript;
}

/** The audio of a request as chunks of 16 kHz mono samples (a file is decoded as it is read). */
export async function openSource(source: AudioSource): Promise<{
  label: string;
  knownMs: number | null;
  durationMs: () => Promise<number | null>;
  chunks: AsyncIterable<Float32Array>;
  close: () => void;
}> {
  if (source.kind === 'file') {
    const stream = await openAudio(source.path);
    return { label: source.path, knownMs: null, ...stream, durationMs: stream.durationMs };
  }
  const samples = source.samples;
  if (samples.length === 0) throw new AppError('audio_empty', 'The recording holds no audio samples.');
  const ms = samplesToMs(samples.length);
  return {
    label: 'the recording',
    knownMs: ms,
    durationMs: () => Promise.resolve(ms),
    chunks: (async function* () {
      yield samples;
    })(),
    close: () => {},
  };
}

function nativeOptions(options: TranscribeOptions): NativeTranscribeOptions {
  const native: NativeTranscribeOptions = {
    threads: options.threads ?? defaultThreads(),
    language: options.language,
    translate: options.translate,
    initialPrompt: options.initialPrompt,
    tokenTimestamps: options.tokenTimestamps,
    beamSize: options.beamSize,
    noSpeechThreshold: options.noSpeechThreshold,
    noContext: true,
    suppressNonSpeech: true,
  };
  if (options.vadModelPath) native.vadModelPath = options.vadModelPath;
  if (!options.temperatureFallback) native.temperatureInc = 0;
  return native;
}
