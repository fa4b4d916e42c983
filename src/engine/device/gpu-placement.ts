import type { BackendDevice, FailedGpu, ModelLoadInfo } from '../../shared/engine-protocol.js';
import { addonDirectory, loadNativeAddon } from '../whisper/native-addon.js';
import { cpuDevice, gpuDevices } from './compute-devices.js';
import { DeviceFallback, type LoadTarget, type PlacedModel } from './device-fallback.js';
import { chooseGpu } from './gpu-choice.js';
import { gpuRunDeadlineMs } from './gpu-deadline.js';
import { explainMissingGpu } from './missing-gpu.js';

/** Where a model should run, as load_model asks for it. */
export interface GpuPlacement {
  useGpu: boolean;
  /** By ggml id or description; null: the first GPU. */
  gpuDevice?: string | null;
  /** GPUs that failed before (the host remembers them across engine restarts). */
  failedGpus?: readonly FailedGpu[];
}

/** A model on its device, behind a DeviceFallback, for any model family. */
export interface PlacedOnDevice<M extends PlacedModel> {
  fallback: DeviceFallback<M>;
  /** The device it runs on now, the fallback's reason and the GPU that failed, for ModelLoadInfo. */
  placement(): Pick<ModelLoadInfo, 'gpu' | 'device' | 'gpuFallbackReason' | 'failedGpu'>;
  /** Called after a failed or hung GPU run moved the model to the CPU. */
  onDeviceChange(listener: () => void): void;
}

const isAbortError = (error: unknown) => (error as { code?: string } | null)?.code === 'ABORTED';

/**
 * Chooses the GPU for a model (the settings' choice, minus the GPUs that failed before) and loads it
 * there with the CPU as the fallback. `load` places the family's own native model on the index-th
 * GPU, or on the CPU for `gpu: null`; model runs that throw ABORTED are aborts, not GPU failures.
 */
export async function placeOnDevice<M extends PlacedModel>(
  placement: GpuPlacement,
  load: (target: LoadTarget) => Promise<M>,
): Promise<PlacedOnDevice<M>> {
  const addon = loadNativeAddon();
  const devices = addon.loadBackends();
  const gpus = gpuDevices(devices);
  const gpu = placement.useGpu
    ? chooseGpu(gpus, placement.gpuDevice ?? null, placement.failedGpus ?? [], () =>
        explainMissingGpu(addon, addonDirectory()),
      )
    : null;
  const listeners: (() => void)[] = [];
  const fallback = await DeviceFallback.load<M>({
    load,
    gpu,
    deadlineMs: (run) => gpuRunDeadlineMs(run),
    isAbort: isAbortError,
    onFallback: () => {
      for (const listener of listeners) listener();
    },
  });
  const device = (): BackendDevice => fallback.gpuDevice ?? cpuDevice(devices);
  return {
    fallback,
    placement: () => ({
      gpu: fallback.onGpu,
      device: device(),
      ...(fallback.fallbackReason ? { gpuFallbackReason: fallback.fallbackReason } : {}),
      ...(fallback.failedGpu ? { failedGpu: fallback.failedGpu } : {}),
    }),
    onDeviceChange: (listener) => listeners.push(listener),
  };
}

/**
 * Whether a model placed so would try a GPU of this machine (loads the addon and its back-ends, as
 * the load would). A host that keeps CPU work in its own process asks this first.
 */
export function placementTriesGpu(placement: GpuPlacement): boolean {
  if (!placement.useGpu) return false;
  const gpus = gpuDevices(loadNativeAddon().loadBackends());
  return chooseGpu(gpus, placement.gpuDevice ?? null, placement.failedGpus ?? [], () => '').ok;
}
