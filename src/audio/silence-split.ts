import { msToSamples } from '../shared/audio.js';
import { energyPauses, frameLevels, quietestFrame, type Pause } from './energy-pauses.js';

export type { Pause } from './energy-pauses.js';

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

function longest(options: SplitOptions): { target: number; max: number } {
  const target = msToSamples(options.targetMs ?? 60_000);
  return { target, max: Math.max(target, msToSamples(options.maxMs ?? (options.targetMs ?? 60_000) * 1.5)) };
}

/** Whether a recording of `length` samples is cut at all (shorter ones are one piece). */
export function needsCutting(length: number, options: SplitOptions = {}): boolean {
  return length > longest(options).max;
}

/** The pauses at least minSilenceMs long among the gaps between speech regions (samples). */
export function pausesBetween(speech: readonly Pause[], length: number, options: SplitOptions = {}): Pause[] {
  const min = msToSamples(options.minSilenceMs ?? 300);
  const pauses: Pause[] = [];
  let previousEnd = 0;
  for (const region of [...speech, { start: length, end: length }]) {
    if (region.start - previousEnd >= min) pauses.push({ start: previousEnd, end: region.start });
    previousEnd = Math.max(previousEnd, region.end);
  }
  return pauses;
}

/**
 * Cuts a recording into pieces that can be transcribed independently and in parallel: each cut falls in
 * the middle of a pause as near the target length as possible, or at the quietest frame when a stretch
 * has no pause at all, so no word is cut in two. `pauses` are those between the VAD's speech regions
 * (pausesBetween); without them the pauses are runs of quiet frames (the energy fallback). Short
 * recordings are one piece.
 */
export function planPieces(
  samples: Float32Array,
  options: SplitOptions = {},
  pauses?: readonly Pause[] | null,
): PiecePlan[] {
  const { target, max } = longest(options);
  if (samples.length <= max) return [{ start: 0, end: samples.length }];
  const levels = frameLevels(samples);
  const places = pauses ?? energyPauses(levels, msToSamples(options.minSilenceMs ?? 300));
  const middles = places.map((p) => Math.round((p.start + p.end) / 2));
  const pieces: PiecePlan[] = [];
  let start = 0;
  while (samples.length - start > max) {
    const earliest = start + Math.floor(target / 2);
    const latest = start + max;
    let cut = -1;
    for (const middle of middles) {
      if (middle < earliest || middle > latest) continue;
      if (cut < 0 || Math.abs(middle - (start + target)) < Math.abs(cut - (start + target))) cut = middle;
    }
    if (cut < 0) cut = quietestFrame(levels, earliest, latest);
    pieces.push({ start, end: cut });
    start = cut;
  }
  pieces.push({ start, end: samples.length });
  return pieces;
}
