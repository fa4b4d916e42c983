/** Download speed over a sliding window, so a stall shows up within seconds and one burst does not. */
export class ProgressMeter {
  private samples: { time: number; bytes: number }[] = [];

  constructor(
    private readonly windowMs = 5000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Call with the running total of bytes received. */
  record(totalBytes: number): void {
    const time = this.now();
    this.samples.push({ time, bytes: totalBytes });
    while (this.samples.length > 2 && time - this.samples[0]!.time > this.windowMs) this.samples.shift();
  }

  /** Forget the history, e.g. after a pause or when a transfer starts over. */
  reset(): void {
    this.samples = [];
  }

  bytesPerSecond(): number {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.time - first.time < 100) return 0;
    return Math.max(0, ((last.bytes - first.bytes) * 1000) / (last.time - first.time));
  }

  etaSeconds(bytes: number, totalBytes: number | null): number | null {
    if (totalBytes === null) return null;
    if (bytes >= totalBytes) return 0;
    const speed = this.bytesPerSecond();
    return speed > 0 ? (totalBytes - bytes) / speed : null;
  }
}
