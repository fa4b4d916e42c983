import { GrowingBuffer } from '../../audio/growing-buffer.js';

export interface SpeechRegion {
  start: number;
  end: number | null;
}

/** One utterance's audio and the speech found in it. Positions are samples from the start of the input. */
export class Utterance {
  readonly audio = new GrowingBuffer();
  readonly regions: SpeechRegion[] = [];
  partialInFlight: string | null = null;
  lastPartialAt: number;
  partialCount = 0;

  constructor(
    readonly sessionId: string,
    /** Input position of the first kept sample (pre-roll included). */
    readonly startAt: number,
  ) {
    this.lastPartialAt = startAt;
  }

  get endAt(): number {
    return this.startAt + this.audio.length;
  }

  speechSamples(until = this.endAt): number {
    return this.regions.reduce((sum, r) => sum + ((r.end ?? until) - r.start), 0);
  }

  /** The kept audio with leading and trailing silence cut, `pad` samples kept around the speech. */
  trimmed(pad: number): { from: number; to: number; samples: Float32Array<ArrayBuffer> } | null {
    const first = this.regions[0];
    const last = this.regions.at(-1);
    if (!first || !last) return null;
    const from = Math.max(this.startAt, first.start - pad);
    const to = Math.min(this.endAt, (last.end ?? this.endAt) + pad);
    return { from, to, samples: this.audio.slice(from - this.startAt, to - this.startAt) };
  }
}
