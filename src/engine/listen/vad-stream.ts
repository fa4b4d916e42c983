import type { NativeVadModel } from '../whisper/native-addon.js';

/**
 * Feeds Silero one 512-sample (32 ms) window at a time from blocks of any size. The network keeps
 * its recurrent state between calls, so windows must arrive in order; `reset` starts a new stream.
 */
export class VadStream {
  private pending = new Float32Array(0);
  private consumed = 0;
  readonly windowSamples: number;

  constructor(private readonly model: NativeVadModel) {
    this.windowSamples = model.windowSamples();
  }

  /** Returns one probability per complete window and the stream offset of the first of them. */
  push(samples: Float32Array): { probabilities: Float32Array; firstWindowAt: number } {
    const joined = new Float32Array(this.pending.length + samples.length);
    joined.set(this.pending);
    joined.set(samples, this.pending.length);
    const usable = joined.length - (joined.length % this.windowSamples);
    const firstWindowAt = this.consumed;
    this.pending = joined.slice(usable);
    if (usable === 0) return { probabilities: new Float32Array(0), firstWindowAt };
    this.consumed += usable;
    return { probabilities: this.model.process(joined.subarray(0, usable)), firstWindowAt };
  }

  reset(): void {
    this.model.reset();
    this.pending = new Float32Array(0);
    this.consumed = 0;
  }
}
