import path from 'node:path';
import { startForkedEngine } from '../engine/client/fork-channel.js';
import { EngineClient } from '../engine/client/engine-client.js';
import { GpuFailureMemory, type GpuSettings } from '../engine/client/gpu-failure-memory.js';
import { inProcessEngineChannel } from '../engine/client/in-process-engine.js';
import { deviceLabel } from '../engine/device/compute-devices.js';
import type { ModelInfo } from '../shared/engine-protocol.js';
import { serializeError } from '../shared/errors.js';
import { takeEarlyEngine } from './early-engine.js';
import { engineHomeFor, type EngineHome } from './engine-home.js';

/**
 * The CLI's engine with its model loaded. After a crash of a forked engine it is started again, and if
 * the model was on a GPU (or being loaded onto one) the new engine leaves that GPU alone: ggml's
 * Vulkan back-end ends the process on a lost device, so a crash there is the GPU failing.
 */
export class CliModelEngine {
  private engine: EngineClient | undefined;
  private loaded: ModelInfo | null = null;
  private loadingOnGpu = false;
  private readonly failures = new GpuFailureMemory();

  constructor(
    private readonly modelPath: string,
    private readonly gpu: GpuSettings,
    private readonly say: (line: string) => void,
    private readonly verbose: boolean,
    readonly home: EngineHome = engineHomeFor(gpu),
  ) {}

  /** Starts the engine and loads the model; a crash during a GPU load is retried once on the CPU. */
  async start(): Promise<EngineClient> {
    try {
      return await this.startOnce();
    } catch (error) {
      if (!this.loadingOnGpu || serializeError(error).kind !== 'engine_crashed') throw error;
      this.noteCrash(error);
      return this.startOnce();
    }
  }

  /** The engine stopped: remember whether the GPU took it down, before start() is called again. */
  noteCrash(error: unknown): void {
    const why = serializeError(error).message;
    this.failures.noteCrash(this.loaded, this.loadingOnGpu, why);
    if (this.loaded?.gpu || this.loadingOnGpu) {
      this.say('dictation: note: the speech engine stopped while using the GPU; it is restarted on the CPU');
    }
  }

  async shutdown(): Promise<void> {
    await this.engine?.shutdown();
  }

  private async startOnce(): Promise<EngineClient> {
    this.engine?.kill();
    this.loaded = null;
    const engine =
      this.home === 'in-process'
        ? await EngineClient.connect(
            (await takeEarlyEngine(this.modelPath, this.gpu)) ?? inProcessEngineChannel(),
            'dictation-cli',
          )
        : await startForkedEngine('dictation-cli');
    this.engine = engine;
    engine.onModelChanged((info) => {
      this.loaded = info;
      this.failures.noteModel(info);
      this.say(`dictation: note: the GPU failed, continuing on the CPU: ${info.gpuFallbackReason ?? ''}`);
    });
    this.loadingOnGpu = this.gpu.useGpu && this.home === 'forked';
    const info = await engine.loadModel(this.modelPath, {
      useGpu: this.gpu.useGpu,
      gpuDevice: this.gpu.gpuDevice,
      failedGpus: this.failures.forLoad(this.gpu),
    });
    this.loadingOnGpu = false;
    this.loaded = info;
    this.failures.noteModel(info);
    if (info.gpuFallbackReason) this.say(`dictation: note: the GPU is not used: ${info.gpuFallbackReason}`);
    if (this.verbose) {
      this.say(
        `dictation: ${path.basename(this.modelPath)} (${info.type}) loaded in ${Math.round(info.loadMs)} ms on ${deviceLabel(info.device)}`,
      );
      const gpus = (engine.hello?.devices ?? []).filter((d) => d.type === 'gpu' || d.type === 'igpu');
      this.say(`dictation: GPUs found: ${gpus.map(deviceLabel).join(', ') || 'none'}`);
      this.say(
        `dictation: the engine runs ${this.home === 'in-process' ? 'in this process' : 'in its own process'}`,
      );
    }
    return engine;
  }
}
