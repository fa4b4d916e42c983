import { describe, expect, it } from 'vitest';
import { planPieces } from '../../src/audio/silence-split.js';

const RATE = 16_000;

/** Tone bursts ("words") of `speechSec` separated by `pauseSec` of near-silence, `count` times. */
function speechWithPauses(
  count: number,
  speechSec: number,
  pauseSec: number,
): { samples: Float32Array; pauses: [number, number][] } {
  const total = Math.round(count * (speechSec + pauseSec) * RATE);
  const samples = new Float32Array(total);
  const pauses: [number, number][] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const speechEnd = at + Math.round(speechSec * RATE);
    for (let s = at; s < speechEnd; s++) samples[s] = 0.3 * Math.sin((2 * Math.PI * 220 * s) / RATE);
    const pauseEnd = speechEnd + Math.round(pauseSec * RATE);
    for (let s = speechEnd; s < pauseEnd && s < total; s++) samples[s] = 0.0002 * Math.sin(s);
    pauses.push([speechEnd, pauseEnd]);
    at = pauseEnd;
  }
  return { samples, pauses };
}

describe('planPieces', () => {
  it('keeps a short recording whole', () => {
    expect(planPieces(new Float32Array(RATE * 5), { targetMs: 10_000 })).toEqual([
      { start: 0, end: RATE * 5 },
    ]);
  });

  it('cuts a long recording only inside pauses, into pieces that cover it without gaps', () => {
    const { samples, pauses } = speechWithPauses(20, 2.2, 0.6);
    const pieces = planPieces(samples, { targetMs: 5000, maxMs: 6000 });
    expect(pieces.length).toBeGreaterThanOrEqual(9);
    expect(pieces[0]!.start).toBe(0);
    expect(pieces.at(-1)!.end).toBe(samples.length);
    for (let i = 1; i < pieces.length; i++) expect(pieces[i]!.start).toBe(pieces[i - 1]!.end);
    for (const piece of pieces) expect(piece.end - piece.start).toBeLessThanOrEqual(6 * RATE);
    for (const piece of pieces.slice(0, -1)) {
      const inPause = pauses.some(([from, to]) => piece.end > from && piece.end < to);
      expect(inPause, `cut at ${piece.end / RATE} s is not in a pause`).toBe(true);
    }
  });

  it('without any pause, cuts at the quietest moment and never past the longest piece', () => {
    const samples = new Float32Array(RATE * 20);
    for (let s = 0; s < samples.length; s++) samples[s] = 0.3 * Math.sin((2 * Math.PI * 220 * s) / RATE);
    // A dip (not a pause: too short) at 4 s.
    for (let s = 4 * RATE; s < 4 * RATE + 800; s++) samples[s] = 0.01;
    const pieces = planPieces(samples, { targetMs: 5000, maxMs: 6000 });
    expect(Math.abs(pieces[0]!.end - (4 * RATE + 400))).toBeLessThan(500);
    for (const piece of pieces) expect(piece.end - piece.start).toBeLessThanOrEqual(6 * RATE);
  });
});
