export interface RendererRecoveryOptions {
  /** Reloads allowed within windowMs; one crash more and the window shows what to do instead (default 3). */
  maxReloads?: number;
  /** Crashes older than this are forgotten (default 60 s). */
  windowMs?: number;
  /** The wait before the 1st, 2nd, 3rd... reload in the window (default 0 s, 1 s, 5 s). */
  delaysMs?: readonly number[];
  now?: () => number;
}

export type RecoveryStep =
  /** The renderer ended on purpose (the window is closing): nothing to do. */
  | { action: 'ignore' }
  | { action: 'reload'; delayMs: number; attempt: number }
  /** Crashing again and again: stop reloading, show the crash page, tell the user. */
  | { action: 'give_up'; crashes: number; withinMs: number };

/**
 * When the window's renderer dies: reload it, a little later each time, and after a few crashes in a
 * short while stop (a page that crashes on load would otherwise reload in a tight loop, using the CPU
 * and flooding the log) until the user asks for the window again.
 */
export class RendererRecovery {
  private crashes: number[] = [];
  private stopped = false;
  private readonly maxReloads: number;
  private readonly windowMs: number;
  private readonly delaysMs: readonly number[];
  private readonly now: () => number;

  constructor(options: RendererRecoveryOptions = {}) {
    this.maxReloads = options.maxReloads ?? 3;
    this.windowMs = options.windowMs ?? 60_000;
    this.delaysMs = options.delaysMs ?? [0, 1000, 5000];
    this.now = options.now ?? Date.now;
  }

  /** True after give_up, until reset(). */
  get gaveUp(): boolean {
    return this.stopped;
  }

  onGone(reason: string): RecoveryStep {
    if (reason === 'clean-exit' || this.stopped) return { action: 'ignore' };
    const now = this.now();
    this.crashes = this.crashes.filter((at) => now - at < this.windowMs);
    this.crashes.push(now);
    const count = this.crashes.length;
    if (count > this.maxReloads) {
      this.stopped = true;
      return { action: 'give_up', crashes: count, withinMs: now - (this.crashes[0] ?? now) };
    }
    const delayMs = this.delaysMs[Math.min(count - 1, this.delaysMs.length - 1)] ?? 0;
    return { action: 'reload', delayMs, attempt: count };
  }

  /** The user asked for the window again: start afresh. */
  reset(): void {
    this.crashes = [];
    this.stopped = false;
  }
}
