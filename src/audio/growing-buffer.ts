import { SAMPLE_RATE } from '../shared/audio.js';

/** An append-only sample buffer that doubles its storage as it grows (one utterance's audio). */
export class GrowingBuffer {
  private data: Float32Array;
  private used = 0;

  constructor(initialCapacity = SAMPLE_RATE * 10) {
    this.data = new Float32Array(initialCapacity);
  }

  get length(): number {
    return this.used;
  }

  append(samples: Float32Array): void {
    if (this.used + samples.length > this.data.length) {
      let capacity = this.data.length * 2;
      while (capacity < this.used + samples.length) capacity *= 2;
      const next = new Float32Array(capacity);
      next.set(this.data.subarray(0, this.used));
      this.data = next;
    }
    this.data.set(samples, this.used);
    this.used += samples.length;
  }

  /** A copy of [from, to), clamped to what is there. */
  slice(from = 0, to = this.used): Float32Array<ArrayBuffer> {
    return this.data.slice(Math.max(0, from), Math.min(this.used, to));
  }
}
