import os from 'node:os';
import {
  ENGINE_PROTOCOL_VERSION,
  EngineRequest,
  type AudioSource,
  type EngineReply,
  type ModelInfo,
} from '../shared/engine-protocol.js';
import { AppError, serializeError } from '../shared/errors.js';
import type { TranscribeOptions, Transcript } from '../shared/transcript.js';
import { openAudio } from './audio/open-audio.js';
import type { EngineTransport } from './transport.js';
import { appVersion } from './project-root.js';
import { loadModel, type LoadedModel } from './whisper/model-runtime.js';
import { loadNativeAddon, type NativeTranscribeOptions } from './whisper/native-addon.js';
import { transcribeWindowed } from './whisper/windowed-transcriber.js';

type Request = EngineRequest;
type TranscribeRequest = Extract<Request, { type: 'transcribe' }>;

/** Whisper is fastest with one thread per physical core; more threads than that only contend. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(8, os.availableParallelism()));
}

/**
 * The engine's message loop. Model work (load, unload, transcribe) runs one at a time in arrival
 * order on libuv's thread pool, so hello, status and abort are answered while inference runs.
 */
export class EngineServer {
  private greeted = false;
  private model: LoadedModel | null = null;
  private work: Promise<void> = Promise.resolve();
  private running: { id: string; aborted: boolean } | null = null;
  private readonly cancelledBeforeStart = new Set<string>();

  constructor(private readonly transport: EngineTransport) {}

  start(): void {
    this.transport.onMessage((message) => this.receive(message));
    this.transport.onDisconnect(() => this.exit(0));
  }

  private send(reply: EngineReply): void {
    this.transport.send(reply);
  }

  private fail(id: string | null, error: unknown): void {
    this.send({ type: 'error', id, timestamp: Date.now(), error: serializeError(error) });
  }

  private receive(raw: unknown): void {
    const parsed = EngineRequest.safeParse(raw);
    if (!parsed.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : null;
      const issues = parsed.error.issues
        .map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`)
        .join('; ');
      this.fail(id, new AppError('invalid_message', `The engine rejected a malformed message: ${issues}`));
      return;
    }
    const request = parsed.data;
    if (request.type !== 'hello' && !this.greeted) {
      this.fail(request.id, new AppError('invalid_request', 'Send hello with the protocol version first.'));
      return;
    }
    switch (request.type) {
      case 'hello':
        return this.hello(request);
      case 'status':
        return this.send({
          type: 'status',
          id: request.id,
          timestamp: Date.now(),
          status: {
            model: this.model?.info ?? null,
            busy: this.running !== null,
            rssBytes: process.memoryUsage.rss(),
          },
        });
      case 'abort':
        return this.abort(request.id, request.target);
      case 'shutdown':
        return this.enqueue(request.id, async () => {
          this.unload();
          this.send({ type: 'ok', id: request.id, timestamp: Date.now() });
          setImmediate(() => this.exit(0));
        });
      case 'load_model':
        return this.enqueue(request.id, async () => {
          this.unload();
          this.model = await loadModel(request.modelPath, request);
          if (this.model.info.gpuFallbackReason) this.log('warn', this.model.info.gpuFallbackReason);
          this.send({ type: 'model_loaded', id: request.id, timestamp: Date.now(), model: this.model.info });
        });
      case 'unload_model':
        return this.enqueue(request.id, async () => {
          this.unload();
          this.send({ type: 'ok', id: request.id, timestamp: Date.now() });
        });
      case 'transcribe':
        return this.enqueue(request.id, () => this.transcribe(request));
    }
  }

  private hello(request: Extract<Request, { type: 'hello' }>): void {
    if (request.protocolVersion !== ENGINE_PROTOCOL_VERSION) {
      this.fail(
        request.id,
        new AppError(
          'protocol_mismatch',
          `Engine protocol mismatch: ${request.client} speaks version ${request.protocolVersion}, the engine speaks version ${ENGINE_PROTOCOL_VERSION}.`,
          { hint: 'The app and its engine come from different builds; reinstall or rebuild the app.' },
        ),
      );
      return;
    }
    const addon = loadNativeAddon();
    this.greeted = true;
    this.send({
      type: 'hello',
      id: request.id,
      timestamp: Date.now(),
      protocolVersion: ENGINE_PROTOCOL_VERSION,
      engineVersion: appVersion(),
      whisperVersion: addon.version(),
      systemInfo: addon.systemInfo().trim(),
      devices: addon.loadBackends(),
    });
  }

  private enqueue(id: string, task: () => Promise<void>): void {
    this.work = this.work.then(async () => {
      if (this.cancelledBeforeStart.delete(id)) {
        this.fail(id, new AppError('aborted', 'Cancelled before it started.'));
        return;
      }
      try {
        await task();
      } catch (error) {
        this.fail(id, error);
      }
    });
  }

  private abort(id: string, target: string): void {
    if (this.running?.id === target) {
      this.running.aborted = true;
      this.model?.native.abort();
    } else {
      this.cancelledBeforeStart.add(target);
    }
    this.send({ type: 'ok', id, timestamp: Date.now() });
  }

  private unload(): void {
    this.model?.native.free();
    this.model = null;
  }

  private async transcribe(request: TranscribeRequest): Promise<void> {
    const model = this.model;
    if (!model) {
      throw new AppError('model_not_loaded', 'No speech model is loaded.', { hint: 'Choose a model first.' });
    }
    const started = performance.now();
    const job = { id: request.id, aborted: false };
    this.running = job;
    try {
      const audio = await this.openSource(request.source);
      let totalMs: number | null = audio.knownMs;
      void audio.durationMs().then((ms) => (totalMs = ms ?? totalMs));
      const result = await transcribeWindowed({
        model: model.native,
        windowMs: model.info.windowMs,
        options: nativeOptions(request.options),
        chunks: audio.chunks,
        totalMs: () => totalMs,
        isAborted: () => job.aborted,
        onProgress: (percent) =>
          this.send({ type: 'progress', id: request.id, timestamp: Date.now(), percent }),
        onSegment: (segment) =>
          this.send({ type: 'segment', id: request.id, timestamp: Date.now(), segment }),
      }).finally(() => audio.close());
      if (result.allSilent) {
        throw new AppError('audio_silent', `${audio.label}: contains only silence, nothing to transcribe`, {
          hint: 'Check that the right microphone or file was used and that it is not muted.',
        });
      }
      const transcript: Transcript = {
        segments: result.segments,
        language: result.language || request.options.language,
        audioMs: result.audioMs,
        timings: { decodeMs: result.decodeMs, inferenceMs: result.inferenceMs },
      };
      this.send({ type: 'transcript', id: request.id, timestamp: Date.now(), transcript });
      this.log('info', 'transcribed', {
        id: request.id,
        audioMs: Math.round(result.audioMs),
        wallMs: Math.round(performance.now() - started),
        inferenceMs: Math.round(result.inferenceMs),
      });
    } finally {
      this.running = null;
    }
  }

  private async openSource(source: AudioSource): Promise<{
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
    const ms = (samples.length / 16000) * 1000;
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

  private log(level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>): void {
    this.send({ type: 'log', timestamp: Date.now(), level, message, ...(data ? { data } : {}) });
  }

  private exit(code: number): void {
    this.unload();
    process.exit(code);
  }

  /** For status replies and tests. */
  get modelInfo(): ModelInfo | null {
    return this.model?.info ?? null;
  }
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
  return native;
}
