/**
 * Where to end a window that is followed by more audio, for models that take each window whole
 * (Parakeet): the quietest moment in its last part, so the cut falls between words and nothing has
 * to be transcribed twice.
 */

/** Energy is compared over 40 ms frames (640 samples at 16 kHz). */
const FRAME = 640;
/** The cut is searched in the window's last fifth (the last 6 s of 30). */
const SEARCH_FRACTION = 0.2;

/** The sample index (a frame's middle) to end the window at; `length` when there is nothing to search. */
export function quietestCut(samples: Float32Array, length: number): number {
  const searchFrom = Math.floor(length * (1 - SEARCH_FRACTION));
  let best = length;
  let bestEnergy = Number.POSITIVE_INFINITY;
  for (let start = searchFrom; start + FRAME <= length; start += FRAME) {
    let energy = 0;
    for (let i = start; i < start + FRAME; i++) {
      const v = samples[i] ?? 0;
      energy += v * v;
    }
    // "<=": of equally quiet frames the latest wins, so the window stays as long as it can.
    if (energy <= bestEnergy) {
      bestEnergy = energy;
      best = start + FRAME / 2;
    }
  }
  return best;
}
