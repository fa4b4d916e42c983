import os from 'node:os';
import {
  ENGINE_PROTOCOL_VERSION,
  EngineRequest,
  type AudioSource,
  type EngineReply,
  type ModelInfo,
} from '../shared/engine-protocol.js';
import { AppError, serializeError } from '../shared/errors.js';
import type { Segment, TranscribeOptions, Transcript } from '../shared/transcript.js';
import { openAudio } from '../audio/open-audio.js';
import type { EngineTransport } from './transport.js';
import { appVersion } from './project-root.js';
import { deviceLabel } from './device/compute-devices.js';
import { unsupportedRequests } from '../shared/speech-models.js';
import { checkModelFile } from './whisper/model-runtime.js';
import { loadSpeechModel, type SpeechLoadOptions } from './speech/load-speech-model.js';
import type { SpeechModel } from './speech/speech-model.js';
import { loadNativeAddon, type NativeTranscribeOptions } from './whisper/native-addon.js';
import { transcribeWindowed } from './whisper/windowed-transcriber.js';
import { Listener } from './listen/listener.js';
import type { NativeVadModel } from './whisper/native-addon.js';
import { WakeWordDetector } from './wake/wake-word-detector.js';
import { samplesToMs } from '../shared/audio.js';

type Request = EngineRequest;
type TranscribeRequest = Extract<Request, { type: 'transcribe' }>;
type ListenStartRequest = Extract<Request, { type: 'listen_start' }>;
type PreloadOptions = SpeechLoadOptions;

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
  private model: SpeechModel | null = null;
  private work: Promise<void> = Promise.resolve();
  private running: RunningJob | null = null;
  private readonly cancelledBeforeStart = new Set<string>();
  private listener: Listener | null = null;
  private wake: WakeWordDetector | null = null;
  private transcriptions = 0;
  private vad: { path: string; model: NativeVadModel } | null = null;
  private audioWithoutListenerLogged = false;
  private readonly pausedBeforeStart = new Set<string>();

  private preload: { path: string; options: PreloadOptions; model: Promise<SpeechModel> } | null = null;

  constructor(private readonly transport: EngineTransport) {}

  /**
   * Starts loading a model before anyone asks (the CLI names it when it starts the engine), so loading
   * overlaps the host's own start-up. The load_model request that follows takes it if it matches.
   */
  preloadModel(
    modelPath: string,
    options: PreloadOptions = { useGpu: true, gpuDevice: null, failedGpus: [], flashAttn: true },
  ): void {
    const model = loadSpeechModel(modelPath, options);
    model.catch(() => undefined); // a failed preload is retried, and reported, by the real request
    this.preload = { path: modelPath, options, model };
  }

  private async takePreloaded(request: { modelPath: string } & SpeechLoadOptions) {
    const preload = this.preload;
    this.preload = null;
    if (!preload) return null;
    const placement = (p: SpeechLoadOptions) =>
      JSON.stringify([p.useGpu, p.gpuDevice ?? null, p.failedGpus ?? [], p.flashAttn]);
    const matches = preload.path === request.modelPath && placement(preload.options) === placement(request);
    const model = await preload.model.catch(() => null);
    if (matches && model) return model;
    model?.free();
    return null;
  }

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
    if (request.type === 'audio') return this.audio(request.samples);
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
            transcriptions: this.transcriptions,
          },
        });
      case 'abort':
        return this.abort(request.id, request.target);
      case 'pause':
        return this.setPaused(request.id, request.target, true);
      case 'resume':
        return this.setPaused(request.id, request.target, false);
      case 'shutdown':
        return this.enqueue(request.id, async () => {
          this.unload();
          this.send({ type: 'ok', id: request.id, timestamp: Date.now() });
          setImmediate(() => this.exit(0));
        });
      case 'load_model':
        return this.enqueue(request.id, async () => {
          const preloaded = await this.takePreloaded(request);
          if (preloaded) {
            this.model = preloaded;
          } else {
            this.unload();
            this.model = await loadSpeechModel(request.modelPath, request);
          }
          this.watchDevice(this.model);
          const info = this.model.info;
          if (info.gpuFallbackReason) this.log('warn', `speech model on the CPU: ${info.gpuFallbackReason}`);
          this.log('info', `speech model on ${deviceLabel(info.device)}`, { device: info.device });
          this.send({ type: 'model_loaded', id: request.id, timestamp: Date.now(), model: info });
        });
      case 'unload_model':
        return this.enqueue(request.id, async () => {
          this.unload();
          this.send({ type: 'ok', id: request.id, timestamp: Date.now() });
        });
      case 'transcribe':
        return this.enqueue(request.id, () => this.transcribe(request));
      case 'listen_start':
        return void this.listenStart(request).then(
          () => this.ok(request.id),
          (error: unknown) => this.fail(request.id, error),
        );
      case 'listen_stop':
        this.listener = null;
        this.wake?.dispose();
        this.wake = null;
        return this.ok(request.id);
      case 'audio_end':
        return void (this.listener?.finish() ?? Promise.resolve()).then(() => this.ok(request.id));
      case 'utterance_begin':
        try {
          this.requireListener().begin(request.sessionId, request.withPreRoll, request.endsOnSilence);
          return this.ok(request.id);
        } catch (error) {
          return this.fail(request.id, error);
        }
      case 'utterance_end': {
        const ended = this.requireListenerOrNull(request.id)?.end(
          request.sessionId,
          request.cancel ? 'cancel' : 'stop',
        );
        if (!ended) return;
        // The result follows as utterance_result / no_speech; the ok only confirms the stop.
        ended.catch((error: unknown) => this.fail(request.id, error));
        return this.ok(request.id);
      }
    }
  }

  /** A GPU run that failed moved the model to the CPU: the host hears it (and remembers the GPU). */
  private watchDevice(model: SpeechModel): void {
    model.onDeviceChange(() => {
      if (this.model !== model) return;
      const info = model.info;
      this.log('warn', `speech model moved to the CPU: ${info.gpuFallbackReason ?? 'the GPU failed'}`, {
        device: info.device,
      });
      this.send({ type: 'model_changed', timestamp: Date.now(), model: info });
    });
  }

  private ok(id: string): void {
    this.send({ type: 'ok', id, timestamp: Date.now() });
  }

  private audio(samples: Float32Array): void {
    if (this.listener) {
      this.listener.push(samples);
    } else if (!this.audioWithoutListenerLogged) {
      this.audioWithoutListenerLogged = true;
      this.log('warn', 'audio arrived before listen_start; it is dropped until the listener is armed');
    }
  }

  private requireListener(): Listener {
    if (!this.listener) {
      throw new AppError('invalid_request', 'The listener is not armed.', {
        hint: 'Send listen_start first.',
      });
    }
    return this.listener;
  }

  private requireListenerOrNull(id: string): Listener | null {
    try {
      return this.requireListener();
    } catch (error) {
      this.fail(id, error);
      return null;
    }
  }

  private async listenStart(request: ListenStartRequest): Promise<void> {
    const { config } = request;
    if (this.vad?.path !== config.vadModelPath) {
      this.vad?.model.free();
      this.vad = null;
      await checkModelFile(config.vadModelPath);
      const model = await loadNativeAddon()
        .VadModel.load(config.vadModelPath, 1)
        .catch((error: unknown) => {
          throw new AppError(
            'model_invalid',
            `Cannot load the VAD model ${config.vadModelPath}: ${String(error)}`,
            {
              hint: 'Download the Silero VAD model again in the Models tab.',
            },
          );
        });
      this.vad = { path: config.vadModelPath, model };
    }
    const vadModel = this.vad.model;
    const wake = config.wake ? WakeWordDetector.load(config.wake) : null;
    this.wake?.dispose();
    this.wake = wake;
    this.listener = new Listener(
      config,
      vadModel,
      (event) => this.send({ ...event, timestamp: Date.now() } as EngineReply),
      {
        transcribe: (jobId, samples, partial) =>
          this.schedule(jobId, () =>
            this.runTranscription(jobId, { kind: 'pcm', samples }, config.options, { partial }),
          ),
        abort: (jobId) => this.abortJob(jobId),
      },
      (message, data) => this.log('warn', message, data),
      wake,
    );
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

  /** Runs model work one task at a time, in order; a task aborted before its turn never starts. */
  private schedule<T>(id: string, task: () => Promise<T>): Promise<T> {
    const result = this.work.then(() => {
      if (this.cancelledBeforeStart.delete(id)) {
        throw new AppError('aborted', 'Cancelled before it started.');
      }
      return task();
    });
    this.work = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private enqueue(id: string, task: () => Promise<void>): void {
    this.schedule(id, task).catch((error: unknown) => this.fail(id, error));
  }

  private abortJob(target: string): void {
    if (this.running?.id === target) {
      this.running.aborted = true;
      this.model?.abort();
      this.running.wake();
    } else {
      this.cancelledBeforeStart.add(target);
    }
  }

  private abort(id: string, target: string): void {
    this.abortJob(target);
    this.send({ type: 'ok', id, timestamp: Date.now() });
  }

  private setPaused(id: string, target: string, paused: boolean): void {
    const job = this.running?.id === target ? this.running : null;
    if (job) {
      if (paused && !job.paused) {
        job.paused = true;
        job.pauseCount++;
        this.model?.abort();
      } else if (!paused && job.paused) {
        job.paused = false;
        job.wake();
      }
    } else if (paused) this.pausedBeforeStart.add(target);
    else this.pausedBeforeStart.delete(target);
    this.send({ type: 'ok', id, timestamp: Date.now() });
  }

  private unload(): void {
    this.model?.free();
    this.model = null;
  }

  private async transcribe(request: TranscribeRequest): Promise<void> {
    const transcript = await this.runTranscription(request.id, request.source, request.options, {
      onProgress: (percent) =>
        this.send({ type: 'progress', id: request.id, timestamp: Date.now(), percent }),
      onSegment: (segment) => this.send({ type: 'segment', id: request.id, timestamp: Date.now(), segment }),
    });
    this.send({ type: 'transcript', id: request.id, timestamp: Date.now(), transcript });
  }

  private async runTranscription(
    id: string,
    source: AudioSource,
    options: TranscribeOptions,
    extra: {
      partial?: boolean;
      onProgress?: (percent: number) => void;
      onSegment?: (segment: Segment) => void;
    },
  ): Promise<Transcript> {
    const model = this.model;
    if (!model) {
      throw new AppError('model_not_loaded', 'No speech model is loaded.', { hint: 'Choose a model first.' });
    }
    const started = performance.now();
    this.transcriptions += 1;
    const job = new RunningJob(id, this.pausedBeforeStart.delete(id));
    this.running = job;
    try {
      const audio = await this.openSource(source);
      let totalMs: number | null = audio.knownMs;
      void audio.durationMs().then((ms) => (totalMs = ms ?? totalMs));
      const native = nativeOptions(options);
      if (extra.partial) native.singleSegment = true;
      const result = await transcribeWindowed({
        model,
        windowMs: model.info.windowMs,
        windowing: model.windowing,
        options: native,
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
        this.log('info', 'transcribed', {
          id,
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

  private log(level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>): void {
    this.send({ type: 'log', timestamp: Date.now(), level, message, ...(data ? { data } : {}) });
  }

  private exit(code: number): void {
    this.unload();
    this.vad?.model.free();
    process.exit(code);
  }

  /** For status replies and tests. */
  get modelInfo(): ModelInfo | null {
    return this.model?.info ?? null;
  }
}

/** The transcription in progress: abort and pause flags, and the waiters of a paused stream. */
class RunningJob {
  aborted = false;
  pauseCount = 0;
  private waiters: (() => void)[] = [];

  constructor(
    readonly id: string,
    public paused: boolean,
  ) {
    if (paused) this.pauseCount = 1;
  }

  isPaused(): boolean {
    return this.paused;
  }

  pauses(): number {
    return this.pauseCount;
  }

  untilResumed(): Promise<void> {
    if (!this.paused || this.aborted) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
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
  if (!options.temperatureFallback) native.temperatureInc = 0;
  return native;
}
