import { formatBytes } from '../../shared/format-bytes.js';
import { TransientFailure } from './retry.js';

/** No response, no data, or data so slow that the download would never end: worth another attempt. */
class StallTimeout extends TransientFailure {
  constructor(
    readonly what: 'response' | 'data' | 'slow',
    ms: number,
    bytes = 0,
  ) {
    const seconds = (ms / 1000).toFixed(1);
    super(
      what === 'slow'
        ? `only ${formatBytes(bytes)} arrived in ${seconds} s (the server sends too slowly)`
        : `no ${what} for ${seconds} s`,
      'timeout',
    );
  }
}

/**
 * Watches one HTTP attempt: the response must arrive within `windowMs`, no gap between chunks may
 * last `windowMs`, and every `windowMs` of body must bring at least `minBytesPerWindow`. The gap
 * timer alone would let a server that drips a byte now and then hold a download open forever.
 */
export class ThroughputWatch {
  private timer: NodeJS.Timeout | undefined;
  private window: NodeJS.Timeout | undefined;
  private windowBytes = 0;

  constructor(
    private readonly windowMs: number,
    private readonly minBytesPerWindow: number,
    private readonly onStall: (reason: StallTimeout) => void,
  ) {}

  /** Until the response head is in. */
  awaitResponse(): void {
    this.stop();
    this.timer = setTimeout(() => this.onStall(new StallTimeout('response', this.windowMs)), this.windowMs);
  }

  /** Once the response head is in: the body must keep coming. */
  awaitBody(): void {
    this.stop();
    this.windowBytes = 0;
    this.armGap();
    this.window = setInterval(() => {
      const bytes = this.windowBytes;
      this.windowBytes = 0;
      if (bytes > 0 && bytes < this.minBytesPerWindow) {
        this.onStall(new StallTimeout('slow', this.windowMs, bytes));
      }
    }, this.windowMs);
  }

  record(bytes: number): void {
    this.windowBytes += bytes;
    this.armGap();
  }

  stop(): void {
    clearTimeout(this.timer);
    clearInterval(this.window);
    this.timer = undefined;
    this.window = undefined;
  }

  private armGap(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.onStall(new StallTimeout('data', this.windowMs)), this.windowMs);
  }
}
