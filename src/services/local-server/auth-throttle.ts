export interface AuthThrottleOptions {
  /** Wrong tokens an address may send before it has to wait. */
  freeFailures?: number;
  /** The first wait; it doubles with each further failure, up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /**
   * Addresses remembered at once; past it the least recently failed is forgotten, so a client cycling
   * through the 16 million loopback addresses (127.x.y.z) cannot grow this without bound.
   */
  maxAddresses?: number;
  now?: () => number;
}

interface Failures {
  count: number;
  last: number;
  blockedUntil: number;
}

/**
 * Back-off for wrong tokens, per remote address: after a few failures every attempt from that address
 * is refused unseen (429) until its wait is over, and each further failure doubles the wait. Quiet for
 * twice the longest wait, an address starts afresh; a right token clears it at once.
 */
export class AuthThrottle {
  private readonly failures = new Map<string, Failures>();
  private readonly freeFailures: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxAddresses: number;
  private readonly now: () => number;

  constructor(options: AuthThrottleOptions = {}) {
    this.freeFailures = options.freeFailures ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.maxAddresses = options.maxAddresses ?? 1024;
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds `address` must still wait before its token is looked at; 0 when it may try. */
  waitMs(address: string): number {
    const entry = this.current(address);
    return entry ? Math.max(0, entry.blockedUntil - this.now()) : 0;
  }

  /** Records a wrong token; returns the wait it imposes (0 while the address has free failures left). */
  failed(address: string): number {
    const now = this.now();
    const entry = this.current(address) ?? { count: 0, last: now, blockedUntil: 0 };
    entry.count += 1;
    entry.last = now;
    const over = entry.count - this.freeFailures;
    const delay = over > 0 ? Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(over - 1, 30)) : 0;
    entry.blockedUntil = now + delay;
    this.failures.delete(address);
    this.failures.set(address, entry);
    if (this.failures.size > this.maxAddresses) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
    return delay;
  }

  succeeded(address: string): void {
    this.failures.delete(address);
  }

  get addresses(): number {
    return this.failures.size;
  }

  private current(address: string): Failures | undefined {
    const entry = this.failures.get(address);
    if (entry && this.now() - entry.last > 2 * this.maxDelayMs) {
      this.failures.delete(address);
      return undefined;
    }
    return entry;
  }
}
