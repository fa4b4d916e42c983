import { statSync } from 'node:fs';

/** Resident memory of an engine beyond its model file (whisper state, buffers, Node). */
const ENGINE_OVERHEAD_BYTES = 200 * 1024 * 1024;

/** How many engines fit in memory at once: each needs its model file's size plus a fixed overhead. */
export class EngineMemoryBudget {
  private readonly modelBytes = new Map<string, number>();

  constructor(private readonly budgetBytes: number) {}

  /** Whether one more engine with `modelPath` fits beside those running; the first always does. */
  fits(running: readonly string[], modelPath: string): boolean {
    if (running.length === 0) return true;
    const need = (file: string) => this.modelSize(file) + ENGINE_OVERHEAD_BYTES;
    const used = running.reduce((sum, file) => sum + need(file), 0);
    return used + need(modelPath) <= this.budgetBytes;
  }

  private modelSize(modelPath: string): number {
    let size = this.modelBytes.get(modelPath);
    if (size === undefined) {
      try {
        size = statSync(modelPath).size;
      } catch {
        size = 0; // a missing model fails its job with the reason when the engine loads it
      }
      this.modelBytes.set(modelPath, size);
    }
    return size;
  }
}
