import type { GpuSettings } from '../engine/client/gpu-failure-memory.js';
import { placementTriesGpu } from '../engine/device/gpu-placement.js';

/** Where the engine runs: in the CLI's own process (CPU), or forked (a GPU may take it down). */
export type EngineHome = 'in-process' | 'forked';

/**
 * A model on the CPU runs in the CLI's own process: a second process would only add its start-up.
 * One that will try a GPU runs in a forked engine, because ggml's Vulkan back-end ends the process on
 * a lost device; the CLI then restarts it on the CPU. A missing addon decides nothing: the load says why.
 */
export function engineHomeFor(gpu: GpuSettings): EngineHome {
  try {
    return placementTriesGpu({ useGpu: gpu.useGpu, gpuDevice: gpu.gpuDevice }) ? 'forked' : 'in-process';
  } catch {
    return 'in-process';
  }
}
