import type { BackendDevice, FailedGpu } from '../../shared/engine-protocol.js';

/** The GPU a model should try first, or why there is none to try. */
export type GpuChoice = { ok: true; index: number; device: BackendDevice } | { ok: false; reason: string };

/**
 * Picks the GPU: the one the settings name (by ggml id or description), else the first. A GPU that
 * failed before is skipped with its reason, so it is not retried until the settings change.
 * `whyNone` explains an empty list (no driver, no loader, not built) and is asked only then.
 */
export function chooseGpu(
  gpus: readonly BackendDevice[],
  wanted: string | null,
  failed: readonly FailedGpu[],
  whyNone: () => string,
): GpuChoice {
  if (gpus.length === 0) return { ok: false, reason: whyNone() };
  const index = wanted === null ? 0 : findWanted(gpus, wanted);
  const device = gpus[index];
  if (!device) {
    const present = gpus.map((gpu) => `"${gpu.description}"`).join(', ');
    return {
      ok: false,
      reason: `the GPU "${wanted}" chosen in the settings is not present (found ${present})`,
    };
  }
  const failure = failed.find((f) => f.device === device.name || f.device === '*');
  if (failure) {
    return {
      ok: false,
      reason: `${device.description} failed earlier (${failure.reason}); it is not tried again until the GPU settings change or the app restarts`,
    };
  }
  return { ok: true, index, device };
}

function findWanted(gpus: readonly BackendDevice[], wanted: string): number {
  const byName = gpus.findIndex((gpu) => gpu.name === wanted);
  return byName >= 0 ? byName : gpus.findIndex((gpu) => gpu.description === wanted);
}
