import type { Logger } from 'pino';
import { EngineClient, type EngineChannel, type ListenerEvent } from '../../engine/client/engine-client.js';
import { GpuFailureMemory, type GpuSettings } from '../../engine/client/gpu-failure-memory.js';
import type { BackendDevice, ListenConfigInput, ModelInfo } from '../../shared/engine-protocol.js';
import { AppError, serializeError } from '../../shared/errors.js';

export type EngineHostState = 'stopped' | 'starting' | 'ready' | 'restarting' | 'failed';

export interface EngineHostOptions {
  /** Starts one engine process: a forked Node child, or an Electron utility process. */
  startChannel: () => EngineChannel;
  clientName: string;
  logger: Logger;
  /** Waits before each restart attempt in a row; the last one repeats. */
  backoffMs?: readonly number[];
  /** Gives up (state failed) after this many crashes within a minute. */
  maxCrashesPerMinute?: number;
}

type Listener<T> = (value: T) => void;

/**
 * Keeps one engine process alive for the app: starts it, and when it dies restarts it with backoff,
 * reloads the model and re-arms the listener, then tells its users (who re-send what was in flight).
 */
export class EngineHost {
  private client: EngineClient | null = null;
  private current: EngineHostState = 'stopped';
  private model: { path: string; gpu: GpuSettings } | null = null;
  private modelInfo: ModelInfo | null = null;
  /** GPUs that failed, kept across engine restarts until the GPU settings change. */
  private readonly gpuFailures = new GpuFailureMemory();
  private loadingOnGpu = false;
  private listenConfig: ListenConfigInput | null = null;
  private crashes: number[] = [];
  private attempt = 0;
  private stopping = false;
  private readonly stateListeners = new Set<Listener<EngineHostState>>();
  private readonly eventListeners = new Set<Listener<ListenerEvent>>();
  private readonly restartListeners = new Set<Listener<void>>();
  private lastError: AppError | null = null;
  private channel: EngineChannel | null = null;

  constructor(private readonly options: EngineHostOptions) {}

  get state(): EngineHostState {
    return this.current;
  }

  get error(): AppError | null {
    return this.lastError;
  }

  get loadedModel(): ModelInfo | null {
    return this.modelInfo;
  }

  /** The live client, or an error saying why there is none right now. */
  requireClient(): EngineClient {
    if (this.client && this.client.alive && this.current === 'ready') return this.client;
    throw new AppError('engine_crashed', `The speech engine is ${this.current}.`, {
      hint:
        this.current === 'failed'
          ? 'Restart the app; if it repeats, check the log file.'
          : 'Try again in a moment.',
    });
  }

  /** OS process id of the running engine (for diagnostics and the crash test). */
  get pid(): number | undefined {
    // Read when asked: an Electron utility process has a pid only once it has spawned.
    return this.channel?.pid;
  }

  async start(): Promise<void> {
    this.stopping = false;
    this.setState('starting');
    await this.connect();
  }

  /** The devices the engine can run models on (CPU, GPUs), as it listed them when it started. */
  get computeDevices(): BackendDevice[] {
    return this.client?.hello?.devices ?? [];
  }

  async loadModel(path: string, gpu: GpuSettings = { useGpu: true, gpuDevice: null }): Promise<ModelInfo> {
    this.model = { path, gpu };
    try {
      this.modelInfo = await this.loadOn(this.requireClient(), this.model);
    } catch (error) {
      // ggml aborts the process when a GPU cannot hold the model: the restart loads it on the CPU.
      if (!gpu.useGpu || !(error instanceof AppError) || error.kind !== 'engine_crashed') throw error;
      await this.restarted();
      if (!this.modelInfo) throw error;
    }
    return this.modelInfo;
  }

  /** Resolves after the next successful restart; rejects when the host gives up. */
  private restarted(): Promise<void> {
    return new Promise((resolve, reject) => {
      const offRestart = this.onRestarted(() => {
        offRestart();
        offState();
        resolve();
      });
      const offState = this.onState((state) => {
        if (state !== 'failed' && state !== 'stopped') return;
        offRestart();
        offState();
        reject(this.lastError ?? new AppError('engine_crashed', 'The speech engine could not be restarted.'));
      });
    });
  }

  private async loadOn(client: EngineClient, model: { path: string; gpu: GpuSettings }): Promise<ModelInfo> {
    this.loadingOnGpu = model.gpu.useGpu;
    try {
      const info = await client.loadModel(model.path, {
        ...model.gpu,
        failedGpus: this.gpuFailures.forLoad(model.gpu),
      });
      this.gpuFailures.noteModel(info);
      return info;
    } catch (error) {
      if (model.gpu.useGpu && error instanceof AppError && error.kind === 'engine_crashed') {
        this.gpuFailures.noteCrash(null, true, error.message);
      }
      throw error;
    } finally {
      this.loadingOnGpu = false;
    }
  }

  async listen(config: ListenConfigInput): Promise<void> {
    this.listenConfig = config;
    await this.requireClient().listenStart(config);
  }

  async stopListening(): Promise<void> {
    this.listenConfig = null;
    if (this.client?.alive) await this.client.listenStop();
  }

  sendAudio(samples: Float32Array): void {
    if (this.current === 'ready') this.client?.sendAudio(samples);
  }

  onState(listener: Listener<EngineHostState>): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onListenerEvent(listener: Listener<ListenerEvent>): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** After a crash, once the new engine has the model loaded and the listener armed. */
  onRestarted(listener: Listener<void>): () => void {
    this.restartListeners.add(listener);
    return () => this.restartListeners.delete(listener);
  }

  /** Graceful stop: asks the engine to exit, kills it after the timeout. */
  async stop(timeoutMs = 3000): Promise<void> {
    this.stopping = true;
    const client = this.client;
    this.client = null;
    if (client) await client.shutdown(timeoutMs);
    this.setState('stopped');
  }

  /** For tests and diagnostics: kill the engine process as a crash would. */
  killForTest(): void {
    this.client?.kill();
  }

  private async connect(): Promise<void> {
    const channel = this.options.startChannel();
    this.channel = channel;
    const client = await EngineClient.connect(channel, this.options.clientName);
    client.onListenerEvent((event) => {
      for (const listener of this.eventListeners) listener(event);
    });
    client.onLog((log) => {
      const data = { source: 'engine', ...(log.data ?? {}) };
      if (log.level === 'error') this.options.logger.error(data, log.message);
      else if (log.level === 'warn') this.options.logger.warn(data, log.message);
      else this.options.logger.info(data, log.message);
    });
    client.onModelChanged((info) => {
      this.modelInfo = info;
      this.gpuFailures.noteModel(info);
      this.options.logger.warn(
        { device: info.device, reason: info.gpuFallbackReason },
        'speech model moved to the CPU',
      );
    });
    client.onExit((error) => this.onCrash(client, error));
    this.client = client;
    if (this.model) this.modelInfo = await this.loadOn(client, this.model);
    if (this.listenConfig) await client.listenStart(this.listenConfig);
    this.attempt = 0;
    this.lastError = null;
    this.setState('ready');
  }

  private onCrash(client: EngineClient, error: AppError): void {
    if (this.stopping || this.client !== client) return;
    this.client = null;
    this.lastError = error;
    this.gpuFailures.noteCrash(this.modelInfo, this.loadingOnGpu, error.message);
    this.options.logger.error({ error: serializeError(error) }, 'the speech engine stopped; restarting it');
    const now = Date.now();
    this.crashes = this.crashes.filter((t) => now - t < 60_000).concat(now);
    if (this.crashes.length > (this.options.maxCrashesPerMinute ?? 5)) {
      this.setState('failed');
      return;
    }
    this.setState('restarting');
    void this.restartLoop();
  }

  private async restartLoop(): Promise<void> {
    const backoff = this.options.backoffMs ?? [200, 1000, 3000, 10_000];
    while (!this.stopping) {
      const wait = backoff[Math.min(this.attempt, backoff.length - 1)] ?? 1000;
      this.attempt += 1;
      await new Promise((resolve) => setTimeout(resolve, wait));
      if (this.stopping) return;
      try {
        await this.connect();
        for (const listener of this.restartListeners) listener();
        return;
      } catch (error) {
        this.lastError = error instanceof AppError ? error : new AppError('engine_crashed', String(error));
        this.options.logger.error(
          { error: serializeError(error), attempt: this.attempt },
          'engine restart failed',
        );
        this.client?.kill();
        this.client = null;
        if (this.attempt >= 8) {
          this.setState('failed');
          return;
        }
      }
    }
  }

  private setState(state: EngineHostState): void {
    if (state === this.current) return;
    this.current = state;
    for (const listener of this.stateListeners) listener(state);
  }
}
