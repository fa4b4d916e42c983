import type { BackendDevice, FailedGpu } from '../../shared/engine-protocol.js';
import type { GpuChoice } from './gpu-choice.js';

/** What the wrapper needs of a loaded model, whatever its family (Whisper, Parakeet, ...). */
export interface PlacedModel {
  /** Stops the run in progress as soon as the back-end allows. */
  abort(): unknown;
  /** Releases it; a model still running is released when its run ends. */
  free(): void;
}

/** Where to load: the index-th GPU as the addon counts them, or the CPU (null). */
export type LoadTarget = { gpu: number | null };

export interface DeviceFallbackOptions<M extends PlacedModel> {
  load(target: LoadTarget): Promise<M>;
  /** The GPU to try, or why none is tried (null: the GPU is off in the settings). */
  gpu: GpuChoice | null;
  /** How long one run may take on the GPU before it counts as hung. */
  deadlineMs(run: { workMs: number; firstRun: boolean }): number;
  /** Tells an abort or pause (not a GPU failure) from other errors of a run. */
  isAbort(error: unknown): boolean;
  /** The model left the GPU during a run; the same work is being redone on the CPU. */
  onFallback?(reason: string): void;
}

const DEADLINE = Symbol('deadline');

/**
 * A model on the GPU with the CPU as its fallback, for any model family: give it a loader that can
 * place the model on a GPU or on the CPU. A GPU that cannot load the model, fails a run, or does not
 * finish a run before its deadline is given up (the wrapper reports it in `failedGpu` for the host
 * to remember) and the work is redone on a CPU copy, so a run never fails because of the GPU.
 * A run that hung keeps its thread until the driver lets go; its model is freed then.
 */
export class DeviceFallback<M extends PlacedModel> {
  private gpuRuns = 0;

  private constructor(
    private readonly options: DeviceFallbackOptions<M>,
    private current: M,
    private onGpuDevice: BackendDevice | null,
    private reason: string | undefined,
    private failure: FailedGpu | undefined,
  ) {}

  /** Loads on the chosen GPU, or on the CPU when there is none or it cannot load the model. */
  static async load<M extends PlacedModel>(options: DeviceFallbackOptions<M>): Promise<DeviceFallback<M>> {
    const choice = options.gpu;
    if (choice?.ok) {
      try {
        const model = await options.load({ gpu: choice.index });
        return new DeviceFallback(options, model, choice.device, undefined, undefined);
      } catch (error) {
        const reason = `${choice.device.description} could not load the model (${messageOf(error)})`;
        const model = await options.load({ gpu: null });
        return new DeviceFallback(options, model, null, reason, { device: choice.device.name, reason });
      }
    }
    const model = await options.load({ gpu: null });
    return new DeviceFallback(
      options,
      model,
      null,
      choice?.ok === false ? choice.reason : undefined,
      undefined,
    );
  }

  /** The model runs are sent to now. */
  get model(): M {
    return this.current;
  }

  get onGpu(): boolean {
    return this.onGpuDevice !== null;
  }

  /** The GPU the model runs on, or null on the CPU. */
  get gpuDevice(): BackendDevice | null {
    return this.onGpuDevice;
  }

  /** Why the model is not on the GPU although the GPU was asked for. */
  get fallbackReason(): string | undefined {
    return this.reason;
  }

  /** The GPU that failed with this model, if one did. */
  get failedGpu(): FailedGpu | undefined {
    return this.failure;
  }

  /**
   * Runs `work` on the current model; on the GPU, a failure or a run past its deadline moves the
   * model to the CPU and runs the same work there. Aborts pass through unchanged.
   */
  async run<T>(work: (model: M) => Promise<T>, size: { workMs: number }): Promise<T> {
    const gpu = this.onGpuDevice;
    if (!gpu) return work(this.current);
    const gpuModel = this.current;
    const deadlineMs = this.options.deadlineMs({ workMs: size.workMs, firstRun: this.gpuRuns === 0 });
    let timer: NodeJS.Timeout | undefined;
    const attempt = work(gpuModel);
    const deadline = new Promise<typeof DEADLINE>((resolve) => {
      timer = setTimeout(() => resolve(DEADLINE), deadlineMs);
    });
    let reason: string;
    try {
      const result = await Promise.race([attempt, deadline]);
      if (result !== DEADLINE) {
        this.gpuRuns += 1;
        return result;
      }
      attempt.catch(() => undefined); // settles whenever the driver lets go of the thread
      gpuModel.abort();
      reason = `a run on ${gpu.description} did not finish within ${Math.round(deadlineMs)} ms`;
    } catch (error) {
      if (this.options.isAbort(error)) throw error;
      reason = `a run on ${gpu.description} failed (${messageOf(error)})`;
    } finally {
      clearTimeout(timer);
    }
    await this.moveToCpu(gpu.name, reason);
    return work(this.current);
  }

  free(): void {
    this.current.free();
  }

  private async moveToCpu(device: string, reason: string): Promise<void> {
    const gpuModel = this.current;
    this.onGpuDevice = null;
    this.reason = reason;
    this.failure = { device, reason };
    this.current = await this.options.load({ gpu: null });
    gpuModel.free();
    this.options.onFallback?.(reason);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
