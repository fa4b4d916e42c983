import { TokenBucket } from './token-bucket.js';

export type RequestVerdict = 'ok' | 'refuse' | 'close';

/**
 * One client's request rate: bursts of two seconds' worth, then `ratePerSecond`. A request over the
 * rate is refused (answered, not run); a client that keeps sending while refused, faster than half the
 * rate on average, is to be disconnected.
 */
export class RequestLimiter {
  private readonly requests: TokenBucket;
  private readonly refusals: TokenBucket;

  constructor(ratePerSecond: number) {
    this.requests = new TokenBucket(ratePerSecond * 2, ratePerSecond);
    this.refusals = new TokenBucket(ratePerSecond * 2, ratePerSecond / 2);
  }

  take(): RequestVerdict {
    if (this.requests.take()) return 'ok';
    return this.refusals.take() ? 'refuse' : 'close';
  }
}
