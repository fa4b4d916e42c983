/** Energy is measured over 30 ms frames. */
const FRAME = 480;

/** A pause between words or sentences: samples [start, end). */
export interface Pause {
  start: number;
  end: number;
}

/** The RMS level of each 30 ms frame. */
export function frameLevels(samples: Float32Array): Float32Array {
  const frames = Math.ceil(samples.length / FRAME);
  const levels = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    const end = Math.min(samples.length, (f + 1) * FRAME);
    for (let i = f * FRAME; i < end; i++) sum += (samples[i] ?? 0) ** 2;
    levels[f] = Math.sqrt(sum / Math.max(1, end - f * FRAME));
  }
  return levels;
}

/** Below a tenth of the loud frames' level (and never above -48 dBFS) is a pause between words. */
function quietThreshold(levels: Float32Array): number {
  const sorted = Float32Array.from(levels).sort();
  const loud = sorted[Math.floor(sorted.length * 0.9)] ?? 0;
  return Math.min(0.004, Math.max(0.0005, loud * 0.1));
}

/**
 * The fallback when no VAD model is installed: runs of quiet frames at least `minSamples` long. Steady
 * noise or hum between sentences is not quiet to it, so such a recording may show no pause at all.
 */
export function energyPauses(levels: Float32Array, minSamples: number): Pause[] {
  const threshold = quietThreshold(levels);
  const minRun = Math.max(1, Math.round(minSamples / FRAME));
  const pauses: Pause[] = [];
  for (let f = 0; f < levels.length;) {
    if ((levels[f] ?? 0) >= threshold) {
      f++;
      continue;
    }
    let end = f;
    while (end < levels.length && (levels[end] ?? 0) < threshold) end++;
    if (end - f >= minRun) pauses.push({ start: f * FRAME, end: end * FRAME });
    f = end;
  }
  return pauses;
}

/** The middle of the quietest frame between `from` and `to` (samples), for a stretch with no pause. */
export function quietestFrame(levels: Float32Array, from: number, to: number): number {
  let best = to;
  let bestLevel = Number.POSITIVE_INFINITY;
  for (let f = Math.ceil(from / FRAME); f * FRAME + FRAME <= to; f++) {
    const level = levels[f] ?? 0;
    if (level < bestLevel) {
      bestLevel = level;
      best = f * FRAME + FRAME / 2;
    }
  }
  return best;
}
