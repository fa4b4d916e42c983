import {
  EngineRequest,
  type EngineReply,
  type ListenConfig,
  type ModelInfo,
  type AudioSource,
} from '../shared/engine-protocol.js';
import { AppError, serializeError } from '../shared/errors.js';
import type { TranscribeOptions, Transcript } from '../shared/transcript.js';
import type { EngineTransport } from './transport.js';
import { deviceLabel } from './device/compute-devices.js';
import type { SpeechLoadOptions } from './speech/load-speech-model.js';
import type { SpeechModel } from './speech/speech-model.js';
import { helloReply } from './server/handshake.js';
import { ListenSession } from './server/listen-session.js';
import { ModelSlot } from './server/model-slot.js';
import { runSpeechDetection } from './server/speech-detection-runner.js';
import { runTranscription, type TranscriptionExtras } from './server/transcription-runner.js';
import { WorkScheduler } from './server/work-scheduler.js';

type Request = EngineRequest;
type Transcribe = Extract<Request, { type: 'transcribe' }>;
type DetectSpeech = Extract<Request, { type: 'detect_speech' }>;

/**
 * The engine's message loop. Model work (load, unload, transcribe) runs one at a time in arrival
 * order on libuv's thread pool, so hello, status and abort are answered while inference runs.
 */
export class EngineServer {
  private greeted = false;
  private transcriptions = 0;
  private readonly slot = new ModelSlot((model) => this.movedToCpu(model));
  private readonly scheduler = new WorkScheduler(() => this.slot.current?.abort());
  private readonly listening = new ListenSession(
    (event) => this.send(event),
    (message, data) => this.log('warn', message, data),
  );

  constructor(private readonly transport: EngineTransport) {}

  /** Starts loading a model before anyone asks; the load_model that follows takes it if it matches. */
  preloadModel(modelPath: string, options?: SpeechLoadOptions): void {
    this.slot.preload(modelPath, options);
  }

  start(): void {
    this.transport.onMessage((message) => this.receive(message));
    this.transport.onDisconnect(() => this.exit(0));
  }

  /** For status replies and tests. */
  get modelInfo(): ModelInfo | null {
    return this.slot.current?.info ?? null;
  }

  private send(reply: EngineReply): void {
    this.transport.send(reply);
  }

  private ok(id: string): void {
    this.send({ type: 'ok', id, timestamp: Date.now() });
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
    if (request.type === 'audio') return this.listening.push(request.samples);
    if (request.type !== 'hello' && !this.greeted) {
      this.fail(request.id, new AppError('invalid_request', 'Send hello with the protocol version first.'));
      return;
    }
    try {
      this.handle(request);
    } catch (error) {
      this.fail(request.id, error);
    }
  }

  private handle(request: Exclude<Request, { type: 'audio' }>): void {
    switch (request.type) {
      case 'hello':
        this.send(helloReply(request));
        this.greeted = true;
        return;
      case 'status':
        return this.send({
          type: 'status',
          id: request.id,
          timestamp: Date.now(),
          status: {
            model: this.modelInfo,
            busy: this.scheduler.busy,
            rssBytes: process.memoryUsage.rss(),
            heapUsedBytes: process.memoryUsage().heapUsed,
            transcriptions: this.transcriptions,
          },
        });
      case 'abort':
        this.scheduler.abort(request.target);
        return this.ok(request.id);
      case 'pause':
      case 'resume':
        this.scheduler.setPaused(request.target, request.type === 'pause');
        return this.ok(request.id);
      case 'shutdown':
        return this.enqueue(request.id, async () => {
          this.slot.unload();
          this.ok(request.id);
          setImmediate(() => this.exit(0));
        });
      case 'load_model':
        return this.enqueue(request.id, async () => {
          const info = (await this.slot.load(request)).info;
          if (info.gpuFallbackReason) this.log('warn', `speech model on the CPU: ${info.gpuFallbackReason}`);
          this.log('info', `speech model on ${deviceLabel(info.device)}`, { device: info.device });
          this.send({ type: 'model_loaded', id: request.id, timestamp: Date.now(), model: info });
        });
      case 'unload_model':
        return this.enqueue(request.id, async () => {
          this.slot.unload();
          this.ok(request.id);
        });
      case 'transcribe':
        return this.enqueue(request.id, () => this.transcribe(request));
      case 'detect_speech':
        return this.enqueue(request.id, () => this.detectSpeech(request));
      case 'listen_start':
        return void this.listenStart(request.config).then(
          () => this.ok(request.id),
          (error: unknown) => this.fail(request.id, error),
        );
      case 'listen_stop':
        this.listening.stop();
        return this.ok(request.id);
      case 'audio_end':
        return void this.listening.finish().then(() => this.ok(request.id));
      case 'utterance_begin':
        this.listening.begin(
          request.sessionId,
          request.withPreRoll,
          request.endsOnSilence,
          request.priorText,
        );
        return this.ok(request.id);
      case 'utterance_recognition':
        this.listening.recognize(request.sessionId, request.recognition);
        return this.ok(request.id);
      case 'utterance_end': {
        const ended = this.listening.end(request.sessionId, request.cancel ? 'cancel' : 'stop');
        // The result follows as utterance_result / no_speech; the ok only confirms the stop.
        ended.catch((error: unknown) => this.fail(request.id, error));
        return this.ok(request.id);
      }
    }
  }

  private enqueue(id: string, task: () => Promise<void>): void {
    this.scheduler.schedule(id, task).catch((error: unknown) => this.fail(id, error));
  }

  private listenStart(config: ListenConfig): Promise<void> {
    return this.listening.start(config, {
      transcribe: (jobId, samples, job) =>
        this.scheduler.schedule(jobId, () =>
          this.transcribeNow(
            jobId,
            { kind: 'pcm', samples },
            {
              ...config.options,
              initialPrompt: job.prompt,
              ...(job.language ? { language: job.language } : {}),
            },
            { partial: job.partial },
          ),
        ),
      abort: (jobId) => this.scheduler.abort(jobId),
      // Whisper's own models have a 30 s window and were trained with the previous text as prompt.
      readsCommittedText: () => {
        const info = this.slot.current?.info;
        return (info?.takesPrompt ?? false) && (info?.windowMs ?? 0) >= 30_000;
      },
    });
  }

  private async transcribe(request: Transcribe): Promise<void> {
    const transcript = await this.transcribeNow(request.id, request.source, request.options, {
      onProgress: (percent) =>
        this.send({ type: 'progress', id: request.id, timestamp: Date.now(), percent }),
      onSegment: (segment) => this.send({ type: 'segment', id: request.id, timestamp: Date.now(), segment }),
    });
    this.send({ type: 'transcript', id: request.id, timestamp: Date.now(), transcript });
  }

  /** Silero over a whole file, run like model work (one at a time, abortable), no speech model needed. */
  private async detectSpeech(request: DetectSpeech): Promise<void> {
    const found = await this.scheduler.run(request.id, (job) =>
      runSpeechDetection(request.source, request.detection, () => job.aborted),
    );
    this.send({ type: 'speech_regions', id: request.id, timestamp: Date.now(), ...found });
  }

  private transcribeNow(
    id: string,
    source: AudioSource,
    options: TranscribeOptions,
    extra: TranscriptionExtras,
  ): Promise<Transcript> {
    const model = this.slot.require();
    this.transcriptions += 1;
    return this.scheduler.run(id, (job) =>
      runTranscription(model, job, source, options, extra, (level, message, data) =>
        this.log(level, message, data),
      ),
    );
  }

  /** A GPU run that failed moved the model to the CPU: the host hears it (and remembers the GPU). */
  private movedToCpu(model: SpeechModel): void {
    const info = model.info;
    this.log('warn', `speech model moved to the CPU: ${info.gpuFallbackReason ?? 'the GPU failed'}`, {
      device: info.device,
    });
    this.send({ type: 'model_changed', timestamp: Date.now(), model: info });
  }

  private log(level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>): void {
    this.send({ type: 'log', timestamp: Date.now(), level, message, ...(data ? { data } : {}) });
  }

  private exit(code: number): void {
    this.slot.unload();
    this.listening.free();
    this.transport.exit(code);
  }
}
