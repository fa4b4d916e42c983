import type { DictationPhase } from '../../shared/dictation.js';

let context: AudioContext | null = null;

/** A short sine blip: a rising pair when recording starts, a falling pair when it stops. */
function blip(frequencies: readonly number[]): void {
  context ??= new AudioContext();
  const start = context.currentTime;
  frequencies.forEach((frequency, i) => {
    const ctx = context as AudioContext;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = frequency;
    const at = start + i * 0.09;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.15, at + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.08);
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(at + 0.09);
  });
}

/** The cue for a change of phase, if there is one: start, stop, and an error tone. */
export function cueFor(previous: DictationPhase, next: DictationPhase): readonly number[] | null {
  if (next === 'recording' && previous !== 'recording') return [660, 880];
  if (previous === 'recording' && next !== 'recording' && next !== 'error') return [880, 660];
  if (next === 'error' && previous !== 'error') return [330, 220];
  return null;
}

export function playCue(previous: DictationPhase, next: DictationPhase): void {
  const cue = cueFor(previous, next);
  if (cue) blip(cue);
}
