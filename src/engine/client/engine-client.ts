import { randomUUID } from 'node:crypto';
import {
  ENGINE_PROTOCOL_VERSION,
  ENGINE_REPLY_TO,
  EngineReply,
  type AnsweredRequestType,
  ListenConfig,
  type ListenConfigInput,
  type AudioSource,
  type EngineRequestInput,
  type EngineStatus,
  type FailedGpu,
  type ModelInfo,
  type ReplyOf,
  type ReplyTo,
  type UtteranceRecognition,
} from '../../shared/engine-protocol.js';
import { AppError, deserializeError } from '../../shared/errors.js';
import {
  SpeechDetection,
  type SpeechDetectionInput,
  type SpeechRegions,
} from '../../shared/speech-regions.js';
import type { Segment, TranscribeOptionsInput, Transcript } from '../../shared/transcript.js';
import { TranscribeOptions } from '../../shared/transcript.js';
import { Listeners } from '../../shared/listeners.js';

/** A connection to one engine process, whatever starts it (fork, Electron utility process). */
export interface EngineChannel {
  /** OS process id of the engine, when the channel knows it. */
  readonly pid?: number | undefined;
  send(message: unknown): void;
  onMessage(handler: (message: unknown) => void): void;
  onExit(handler: (info: { code: number | null; signal: string | null; stderrTail: string }) => void): void;
  kill(): void;
}

export type EngineLog = ReplyOf<'log'>;
/** Events of the live listener: speech_start/end, utterance_closed, partial, utterance_result, no_speech. */
export type ListenerEvent = Extract<EngineReply, { sessionId: string }>;

interface Pending {
  expect: EngineReply['type'];
  resolve: (reply: EngineReply) => void;
  reject: (error: AppError) => void;
  onEvent?: (reply: ReplyOf<'progress'> | ReplyOf<'segment'>) => void;
}

/** Where the model should run (see LoadModelRequest); unset fields take the protocol's defaults. */
export interface ModelLoadOptions {
  useGpu?: boolean;
  gpuDevice?: string | null;
  failedGpus?: FailedGpu[];
  flashAttn?: boolean;
}

export interface TranscribeCallbacks {
  /** totalMs: the audio's length once the engine knows it. */
  onProgress?: (percent: number, totalMs: number | null) => void;
  onSegment?: (segment: Segment) => void;
}

export interface RunningTranscription {
  id: string;
  result: Promise<Transcript>;
  abort: () => void;
  /** Yields the CPU: the current window stops within milliseconds and is redone on resume. */
  pause: () => Promise<void>;
  resume: () => Promise<void>;
}

export class EngineClient {
  private readonly pending = new Map<string, Pending>();
  private readonly logListeners = new Listeners<EngineLog>();
  private readonly exitListeners = new Listeners<AppError>();
  private readonly listenerListeners = new Listeners<ListenerEvent>();
  private readonly modelListeners = new Listeners<ModelInfo>();
  private exited: AppError | null = null;
  hello: ReplyOf<'hello'> | null = null;

  private constructor(private readonly channel: EngineChannel) {
    channel.onMessage((message) => this.receive(message));
    channel.onExit(({ code, signal, stderrTail }) => {
      const how = signal ? `signal ${signal}` : `exit code ${String(code)}`;
      this.exited = new AppError('engine_crashed', `The speech engine stopped unexpectedly (${how}).`, {
        hint: {
          window: 'It is restarted automatically; if this repeats, check the log file.',
          cli: 'Run the command again; if it stops again, try it with --no-gpu.',
        },
        detail: stderrTail || undefined,
      });
      for (const [id, pending] of this.pending) {
        this.pending.delete(id);
        pending.reject(this.exited);
      }
      this.exitListeners.emit(this.exited);
    });
  }

  /** Connects and checks that both sides speak the same protocol version. */
  static async connect(
    channel: EngineChannel,
    clientName: string,
    protocolVersion = ENGINE_PROTOCOL_VERSION,
  ) {
    const client = new EngineClient(channel);
    const hello = await client.request({
      type: 'hello',
      id: randomUUID(),
      protocolVersion,
      client: clientName,
    });
    if (hello.protocolVersion !== protocolVersion) {
      channel.kill();
      throw new AppError(
        'protocol_mismatch',
        `Engine protocol mismatch: ${clientName} speaks version ${protocolVersion}, the engine speaks version ${hello.protocolVersion}.`,
      );
    }
    client.hello = hello;
    return client;
  }

  onLog(listener: (log: EngineLog) => void): () => void {
    return this.logListeners.add(listener);
  }

  onExit(listener: (error: AppError) => void): () => void {
    return this.exitListeners.add(listener);
  }

  get alive(): boolean {
    return this.exited === null;
  }

  async loadModel(modelPath: string, options: ModelLoadOptions = {}): Promise<ModelInfo> {
    const reply = await this.request({ type: 'load_model', id: randomUUID(), modelPath, ...options });
    return reply.model;
  }

  async unloadModel(): Promise<void> {
    await this.request({ type: 'unload_model', id: randomUUID() });
  }

  async status(): Promise<EngineStatus> {
    return (await this.request({ type: 'status', id: randomUUID() })).status;
  }

  transcribe(
    source: AudioSource,
    options: TranscribeOptionsInput = {},
    callbacks: TranscribeCallbacks = {},
  ): RunningTranscription {
    const id = randomUUID();
    const parsedOptions = TranscribeOptions.parse(options);
    const result = this.request({ type: 'transcribe', id, source, options: parsedOptions }, (event) => {
      if (event.type === 'progress') callbacks.onProgress?.(event.percent, event.totalMs ?? null);
      else callbacks.onSegment?.(event.segment);
    }).then((reply) => reply.transcript);
    return {
      id,
      result,
      abort: () => void this.abort(id),
      pause: () => this.setPaused(id, true),
      resume: () => this.setPaused(id, false),
    };
  }

  /** Where speech is in a whole file or recording (Silero in the engine); `signal` aborts it. */
  async detectSpeech(
    source: AudioSource,
    detection: SpeechDetectionInput,
    signal?: AbortSignal,
  ): Promise<SpeechRegions> {
    const id = randomUUID();
    const abort = () => void this.abort(id).catch(() => undefined);
    signal?.addEventListener('abort', abort);
    try {
      const reply = await this.request({
        type: 'detect_speech',
        id,
        source,
        detection: SpeechDetection.parse(detection),
      });
      return { regions: reply.regions, audioMs: reply.audioMs };
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }

  async setPaused(target: string, paused: boolean): Promise<void> {
    if (!this.alive) return;
    await this.request({ type: paused ? 'pause' : 'resume', id: randomUUID(), target });
  }

  /** Live listening: arm the listener; then stream audio, begin and end utterances. */
  async listenStart(config: ListenConfigInput): Promise<void> {
    const parsed = ListenConfig.parse(config);
    await this.request({ type: 'listen_start', id: randomUUID(), config: parsed });
  }

  async listenStop(): Promise<void> {
    await this.request({ type: 'listen_stop', id: randomUUID() });
  }

  /** 16 kHz mono float samples; fire and forget (the engine's results come as listener events). */
  sendAudio(samples: Float32Array): void {
    if (!this.alive) return;
    try {
      this.channel.send({ type: 'audio', samples });
    } catch (error) {
      // The engine is dying; its exit event follows. The caller keeps its own copy of the audio.
      this.emitLog('warn', 'audio not delivered to the engine', { error: (error as Error).message });
    }
  }

  /** The input is over; resolves once the engine has sent the result of any open utterance. */
  async audioEnd(): Promise<void> {
    await this.request({ type: 'audio_end', id: randomUUID() });
  }

  async beginUtterance(
    sessionId: string,
    withPreRoll = true,
    endsOnSilence = false,
    priorText = '',
  ): Promise<void> {
    await this.request({
      type: 'utterance_begin',
      id: randomUUID(),
      sessionId,
      withPreRoll,
      endsOnSilence,
      priorText,
    });
  }

  /** The open utterance's own language and prompt (the focused app's profile). */
  async setUtteranceRecognition(sessionId: string, recognition: UtteranceRecognition): Promise<void> {
    await this.request({ type: 'utterance_recognition', id: randomUUID(), sessionId, recognition });
  }

  /** Ends the utterance; its result follows as an utterance_result or no_speech event. */
  async endUtterance(sessionId: string, cancel = false): Promise<void> {
    await this.request({ type: 'utterance_end', id: randomUUID(), sessionId, cancel });
  }

  /** The loaded model moved to another device (a GPU run failed; it runs on the CPU now). */
  onModelChanged(listener: (model: ModelInfo) => void): () => void {
    return this.modelListeners.add(listener);
  }

  onListenerEvent(listener: (event: ListenerEvent) => void): () => void {
    return this.listenerListeners.add(listener);
  }

  async abort(target: string): Promise<void> {
    if (!this.alive) return;
    await this.request({ type: 'abort', id: randomUUID(), target });
  }

  /** Asks the engine to stop; kills it if it has not exited within the timeout. */
  async shutdown(timeoutMs = 3000): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise<void>((resolve) => this.onExit(() => resolve()));
    this.request({ type: 'shutdown', id: randomUUID() }).catch(() => {});
    const timer = new Promise<'timeout'>((resolve) =>
      setTimeout(() => resolve('timeout'), timeoutMs).unref(),
    );
    if ((await Promise.race([exited, timer])) === 'timeout') {
      this.channel.kill();
      await exited;
    }
  }

  kill(): void {
    this.channel.kill();
  }

  /** Sends a request; settles with the reply that the protocol pairs with its type (ENGINE_REPLY_TO). */
  private request<T extends AnsweredRequestType>(
    message: Extract<EngineRequestInput, { id: string; type: T }>,
    onEvent?: Pending['onEvent'],
  ): Promise<ReplyTo<T>> {
    if (this.exited) return Promise.reject(this.exited);
    const expect = ENGINE_REPLY_TO[message.type];
    return new Promise<ReplyTo<T>>((resolve, reject) => {
      const pending: Pending = { expect, resolve: resolve as (r: EngineReply) => void, reject };
      if (onEvent) pending.onEvent = onEvent;
      this.pending.set(message.id, pending);
      try {
        this.channel.send(message);
      } catch (error) {
        this.pending.delete(message.id);
        reject(
          new AppError('engine_crashed', `Could not reach the speech engine: ${(error as Error).message}`),
        );
      }
    });
  }

  private receive(raw: unknown): void {
    const parsed = EngineReply.safeParse(raw);
    if (!parsed.success) {
      this.emitLog('error', 'malformed message from the engine', { issues: parsed.error.issues.slice(0, 5) });
      return;
    }
    const reply = parsed.data;
    if (reply.type === 'log') {
      this.logListeners.emit(reply);
      return;
    }
    if (reply.type === 'model_changed') {
      this.modelListeners.emit(reply.model);
      return;
    }
    if (!('id' in reply)) {
      this.listenerListeners.emit(reply);
      return;
    }
    const pending = reply.id === null ? undefined : this.pending.get(reply.id);
    if (!pending) {
      if (reply.type === 'error') this.emitLog('error', reply.error.message, { error: reply.error });
      return;
    }
    if (reply.type === 'progress' || reply.type === 'segment') {
      pending.onEvent?.(reply);
      return;
    }
    this.pending.delete(reply.id as string);
    if (reply.type === 'error') pending.reject(deserializeError(reply.error));
    else if (reply.type !== pending.expect) {
      pending.reject(
        new AppError(
          'invalid_message',
          `The engine answered ${reply.type} where ${pending.expect} was expected.`,
        ),
      );
    } else pending.resolve(reply);
  }

  private emitLog(level: EngineLog['level'], message: string, data: Record<string, unknown>): void {
    const log: EngineLog = { type: 'log', timestamp: Date.now(), level, message, data };
    this.logListeners.emit(log);
  }
}
