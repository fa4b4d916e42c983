import type { FailedGpu, ModelLoadInfo } from '../../shared/engine-protocol.js';

/** What the memory reads of a model's info: where it runs and which GPU failed. */
type Placement = Pick<ModelLoadInfo, 'gpu' | 'device' | 'failedGpu'>;

/** The GPU settings a model is loaded with. */
export interface GpuSettings {
  useGpu: boolean;
  gpuDevice: string | null;
}

/**
 * What a host (the app's engine host, the CLI) remembers about GPUs that failed, so that a failed GPU
 * is not tried again — not even by an engine restarted after the GPU took it down — until the GPU
 * settings change or the host restarts. The engine reports failures in the model info (failedGpu);
 * a crash while a model was on a GPU, or being loaded onto one, counts as that GPU failing.
 */
export class GpuFailureMemory {
  private failed: FailedGpu[] = [];
  private settings: string | null = null;

  /** The failures to send with a load; changed GPU settings forget them (the user asked anew). */
  forLoad(settings: GpuSettings): FailedGpu[] {
    const key = JSON.stringify([settings.useGpu, settings.gpuDevice]);
    if (this.settings !== null && this.settings !== key) this.failed = [];
    this.settings = key;
    return [...this.failed];
  }

  /** A model_loaded or model_changed: remembers the GPU it names as failed. */
  noteModel(info: Placement): void {
    if (info.failedGpu) this.add(info.failedGpu);
  }

  /**
   * The engine stopped. If it was running a model on a GPU, or loading one onto a GPU, that GPU is
   * taken to have brought it down (ggml's Vulkan back-end exits the process on a lost device).
   */
  noteCrash(loaded: Placement | null, loadingOnGpu: boolean, why: string): void {
    if (loaded?.gpu) {
      this.add({ device: loaded.device.name, reason: `the speech engine stopped while using it (${why})` });
    } else if (loadingOnGpu) {
      this.add({
        device: '*',
        reason: `the speech engine stopped while loading a model onto the GPU (${why})`,
      });
    }
  }

  get list(): readonly FailedGpu[] {
    return this.failed;
  }

  private add(failure: FailedGpu): void {
    this.failed = this.failed.filter((f) => f.device !== failure.device).concat(failure);
  }
}
