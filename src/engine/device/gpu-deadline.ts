/**
 * How long one run may take on a GPU before it counts as hung and is redone on the CPU. A GPU that
 * works finishes a window many times faster than real time; one that hangs never does (ggml-vulkan
 * waits on its fences without a timeout). So the deadline is generous — a base plus three times the
 * audio's own length — and the first run gets extra time, because drivers compile their shader
 * pipelines then. DICTATION_GPU_DEADLINE_MS sets a fixed deadline (tests, very slow GPUs).
 */
export const GPU_DEADLINE_BASE_MS = 15_000;
const GPU_DEADLINE_PER_AUDIO_MS = 3;
export const GPU_DEADLINE_FIRST_RUN_MS = 45_000;

export function gpuRunDeadlineMs(
  run: { workMs: number; firstRun: boolean },
  env: NodeJS.ProcessEnv = process.env,
): number {
  const fixed = Number(env['DICTATION_GPU_DEADLINE_MS']);
  if (Number.isFinite(fixed) && fixed > 0) return fixed;
  return (
    GPU_DEADLINE_BASE_MS +
    run.workMs * GPU_DEADLINE_PER_AUDIO_MS +
    (run.firstRun ? GPU_DEADLINE_FIRST_RUN_MS : 0)
  );
}
