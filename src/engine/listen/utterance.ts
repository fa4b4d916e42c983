import { GrowingBuffer } from '../../audio/growing-buffer.js';
import type { UtteranceRecognition } from '../../shared/engine-protocol.js';
import type { Transcript } from '../../shared/transcript.js';

export interface SpeechRegion {
  start: number;
  end: number | null;
}

/** A stretch of an open utterance transcribed while it goes on (commit as you go). */
export interface Piece {
  index: number;
  /** Input positions (samples) of the audio the piece covers; the next piece starts at `to`. */
  from: number;
  to: number;
  /** Null until transcribed (or when its transcription failed: it is redone at the end). */
  text: string | null;
  /** Segment times count from `from`. */
  transcript: Transcript | null;
  /** Its transcription began (until then a later stretch may still join it). */
  started: boolean;
}

/** One utterance's audio and the speech found in it. Positions are samples from the start of the input. */
export class Utterance {
  readonly audio = new GrowingBuffer();
  readonly regions: SpeechRegion[] = [];
  partialInFlight: string | null = null;
  lastPartialAt: number;
  partialCount = 0;
  /** Where the audio not yet committed begins (input samples); `startAt` until the first commit. */
  committedTo: number;
  readonly pieces: Piece[] = [];
  /** Pieces are transcribed one after another (each prompt holds the text before it). */
  chain: Promise<void> = Promise.resolve();
  commitInFlight: string | null = null;
  cancelled = false;
  /** Text committed before an engine restart, which this utterance continues. */
  priorText = '';
  /** Its own language and prompt (the focused app's profile), over the listen config's. */
  recognition: UtteranceRecognition = {};

  constructor(
    readonly sessionId: string,
    /** Input position of the first kept sample (pre-roll included). */
    readonly startAt: number,
  ) {
    this.lastPartialAt = startAt;
    this.committedTo = startAt;
  }

  get endAt(): number {
    return this.startAt + this.audio.length;
  }

  /** Samples of speech between `from` and `until` (input positions). */
  speechSamples(until = this.endAt, from = this.startAt): number {
    return this.regions.reduce((sum, r) => {
      const overlap = Math.min(r.end ?? until, until) - Math.max(r.start, from);
      return sum + Math.max(0, overlap);
    }, 0);
  }

  /** The kept audio with leading and trailing silence cut, `pad` samples kept around the speech. */
  trimmed(pad: number): { from: number; to: number; samples: Float32Array<ArrayBuffer> } | null {
    return this.trimmedBetween(this.startAt, this.endAt, pad);
  }

  /** The speech between two input positions with `pad` samples around it (never outside them). */
  trimmedBetween(
    start: number,
    end: number,
    pad: number,
  ): { from: number; to: number; samples: Float32Array<ArrayBuffer> } | null {
    const inside = this.regions.filter((r) => r.start < end && (r.end ?? this.endAt) > start);
    const first = inside[0];
    const last = inside.at(-1);
    if (!first || !last) return null;
    const from = Math.max(start, this.startAt, first.start - pad);
    const to = Math.min(end, this.endAt, (last.end ?? this.endAt) + pad);
    if (to <= from) return null;
    return { from, to, samples: this.audio.slice(from - this.startAt, to - this.startAt) };
  }
}
