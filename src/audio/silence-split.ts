import { msToSamples } from '../shared/audio.js';

/** One piece of a long recording: samples [start, end). */
export interface PiecePlan {
  start: number;
  end: number;
}

export interface SplitOptions {
  /** Aim for pieces about this long (default 60 s). */
  targetMs?: number;
  /** Never longer than this (default 1.5 x target). */
  maxMs?: number;
  /** A pause at least this long counts as a place to cut (default 300 ms). */
  minSilenceMs?: number;
}

/** Energy is measured over 30 ms frames. */
const FRAME = 480;

function frameLevels(samples: Float32Array): Float32Array {
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
 * Cuts a recording into pieces that can be transcribed independently and in parallel: each cut falls in
 * the middle of a pause (a run of quiet frames at least minSilenceMs long) as near the target length as
 * possible, or at the quietest frame when a stretch has no pause at all, so no word is cut in two.
 * Short recordings are one piece.
 */
export function planPieces(samples: Float32Array, options: SplitOptions = {}): PiecePlan[] {
  const target = msToSamples(options.targetMs ?? 60_000);
  const max = Math.max(target, msToSamples(options.maxMs ?? (options.targetMs ?? 60_000) * 1.5));
  if (samples.length <= max) return [{ start: 0, end: samples.length }];
  const levels = frameLevels(samples);
  const threshold = quietThreshold(levels);
  const minRun = Math.max(1, Math.round(msToSamples(options.minSilenceMs ?? 300) / FRAME));
  // Middles of the pauses, in samples.
  const pauses: number[] = [];
  for (let f = 0; f < levels.length;) {
    if ((levels[f] ?? 0) >= threshold) {
      f++;
      continue;
    }
    let end = f;
    while (end < levels.length && (levels[end] ?? 0) < threshold) end++;
    if (end - f >= minRun) pauses.push(Math.round(((f + end) / 2) * FRAME));
    f = end;
  }
  const pieces: PiecePlan[] = [];
  let start = 0;
  while (samples.length - start > max) {
    const earliest = start + Math.floor(target / 2);
    const latest = start + max;
    let cut = -1;
    for (const pause of pauses) {
      if (pause < earliest || pause > latest) continue;
      if (cut < 0 || Math.abs(pause - (start + target)) < Math.abs(cut - (start + target))) cut = pause;
    }
    if (cut < 0) cut = quietestFrame(levels, earliest, latest);
    pieces.push({ start, end: cut });
    start = cut;
  }
  pieces.push({ start, end: samples.length });
  return pieces;
}

function quietestFrame(levels: Float32Array, from: number, to: number): number {
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
