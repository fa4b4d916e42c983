import type { EngineChannel, EngineClient } from '../../engine/client/engine-client.js';
import type { GpuSettings } from '../../engine/client/gpu-failure-memory.js';
import { AppError } from '../../shared/errors.js';
import { EngineHost } from '../engine-host/engine-host.js';
import type { Logger } from '../logging/logger.js';

export interface ServedEngineOptions {
  /** The app's way to start an engine process (a forked child, or an Electron utility process). */
  startChannel: () => EngineChannel;
  /** The speech settings' GPU choice, read at each load. */
  gpu: () => GpuSettings;
  logger: Logger;
}

/**
 * The engine behind the app's transcription server: a process of its own (never the dictation engine,
 * so serving can neither block nor crash dictation), kept alive by an EngineHost (restarted after a
 * crash, GPU failures remembered), started at the first request and loading whichever model the
 * request is for. Requests come one at a time (ResidentTranscriber queues them).
 */
export class ServedEngine {
  private host: EngineHost | null = null;
  private starting: Promise<EngineHost> | null = null;
  private loaded = '';
  /** Bumped by stop(): a start still in flight when the server is turned off is undone. */
  private generation = 0;

  constructor(private readonly options: ServedEngineOptions) {}

  /** The engine's process id while one runs (diagnostics, and the tests that see it stop). */
  get pid(): number | undefined {
    return this.host?.pid;
  }

  /** The engine with `modelPath` loaded on the chosen device; started or reloaded as needed. */
  async engineFor(modelPath: string): Promise<EngineClient> {
    const host = await this.running();
    const gpu = this.options.gpu();
    const wanted = JSON.stringify([modelPath, gpu.useGpu, gpu.gpuDevice]);
    if (wanted !== this.loaded) {
      this.loaded = '';
      await host.loadModel(modelPath, gpu);
      this.loaded = wanted;
      this.options.logger.info({ event: 'serve_model_loaded', model: modelPath }, 'served model loaded');
    }
    return host.requireClient();
  }

  /** Asks the engine process to exit (killed after the timeout); the next request starts a new one. */
  async stop(timeoutMs = 3000): Promise<void> {
    this.generation++;
    const host = this.host;
    this.host = null;
    this.starting = null;
    this.loaded = '';
    await host?.stop(timeoutMs);
  }

  private running(): Promise<EngineHost> {
    if (this.host && this.host.state !== 'failed') return Promise.resolve(this.host);
    this.starting ??= this.start().finally(() => (this.starting = null));
    return this.starting;
  }

  private async start(): Promise<EngineHost> {
    const generation = this.generation;
    await this.host?.stop();
    this.host = null;
    this.loaded = '';
    const host = new EngineHost({
      startChannel: this.options.startChannel,
      clientName: 'dictation-app-serve',
      logger: this.options.logger,
    });
    try {
      await host.start();
    } catch (error) {
      await host.stop(500);
      throw error;
    }
    if (generation !== this.generation) {
      await host.stop(500);
      throw new AppError('engine_crashed', 'The transcription server was turned off.');
    }
    this.options.logger.info({ event: 'serve_engine_started', pid: host.pid }, 'served engine started');
    this.host = host;
    return host;
  }
}
