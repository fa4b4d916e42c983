/**
 * Turns a stream of per-window speech probabilities into speech start and end points, with
 * hysteresis (speech starts at `threshold`, ends below `threshold - 0.15`), a minimum speech length
 * (so a click is not speech) and a minimum silence (so a pause between words does not end speech).
 * Positions are sample offsets in whatever stream the caller feeds.
 */
export interface EndpointerOptions {
  threshold: number;
  windowSamples: number;
  minSpeechSamples: number;
  minSilenceSamples: number;
}

export type Endpoint = { type: 'start' | 'end'; at: number };

export class Endpointer {
  private inSpeech = false;
  private candidateStart: number | null = null;
  private silenceStart: number | null = null;
  private readonly endThreshold: number;

  constructor(private readonly options: EndpointerOptions) {
    this.endThreshold = Math.max(0.01, options.threshold - 0.15);
  }

  get speaking(): boolean {
    return this.inSpeech;
  }

  /** Where the current silence began, while speaking; null when the voice is on. */
  get pendingSilenceStart(): number | null {
    return this.inSpeech ? this.silenceStart : null;
  }

  feed(probability: number, windowStart: number): Endpoint | null {
    const windowEnd = windowStart + this.options.windowSamples;
    if (!this.inSpeech) {
      if (probability < this.options.threshold) {
        this.candidateStart = null;
        return null;
      }
      this.candidateStart ??= windowStart;
      if (windowEnd - this.candidateStart < this.options.minSpeechSamples) return null;
      this.inSpeech = true;
      this.silenceStart = null;
      const at = this.candidateStart;
      this.candidateStart = null;
      return { type: 'start', at };
    }
    if (probability >= this.endThreshold) {
      this.silenceStart = null;
      return null;
    }
    this.silenceStart ??= windowStart;
    if (windowEnd - this.silenceStart < this.options.minSilenceSamples) return null;
    this.inSpeech = false;
    const at = this.silenceStart;
    this.silenceStart = null;
    return { type: 'end', at };
  }

  /** The stream stopped: speech still going ends where its silence began, or at `at`. */
  finish(at: number): Endpoint | null {
    if (!this.inSpeech) return null;
    this.inSpeech = false;
    const end = this.silenceStart ?? at;
    this.silenceStart = null;
    return { type: 'end', at: end };
  }
}
