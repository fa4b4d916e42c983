/** A fixed-size window on the most recent samples of a stream (the pre-roll). */
export class RingBuffer {
  private readonly data: Float32Array;
  private writeAt = 0;
  private filled = 0;

  constructor(readonly capacity: number) {
    this.data = new Float32Array(Math.max(0, capacity));
  }

  get length(): number {
    return this.filled;
  }

  push(samples: Float32Array): void {
    const cap = this.capacity;
    if (cap === 0) return;
    const incoming = samples.length > cap ? samples.subarray(samples.length - cap) : samples;
    const first = Math.min(incoming.length, cap - this.writeAt);
    this.data.set(incoming.subarray(0, first), this.writeAt);
    this.data.set(incoming.subarray(first), 0);
    this.writeAt = (this.writeAt + incoming.length) % cap;
    this.filled = Math.min(cap, this.filled + incoming.length);
  }

  /** The last `count` samples (all of them by default), oldest first, as a copy. */
  latest(count = this.filled): Float32Array {
    const n = Math.min(count, this.filled);
    const out = new Float32Array(n);
    const start = (this.writeAt - n + this.capacity) % Math.max(1, this.capacity);
    const first = Math.min(n, this.capacity - start);
    out.set(this.data.subarray(start, start + first), 0);
    out.set(this.data.subarray(0, n - first), first);
    return out;
  }

  clear(): void {
    this.writeAt = 0;
    this.filled = 0;
  }
}
