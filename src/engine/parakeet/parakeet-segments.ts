import type { NativeSegment } from '../whisper/native-addon.js';
import type { NativeParakeetSegment, NativeParakeetToken } from './native-parakeet.js';

/**
 * parakeet.cpp returns a window as one piece of text with a time for every token. Captions and
 * history want sentences: a new segment starts after sentence-final punctuation, at a pause, or when
 * a segment grows too long to read as one cue, always at a word's first piece.
 */

/** One encoder frame (8 mel frames of 10 ms): the shortest time a token can take. */
export const PARAKEET_FRAME_MS = 80;
/** A silence this long between two words ends a segment even without punctuation. */
const PAUSE_MS = 800;
/** Longer segments are split at the next word (a caption line people can still read). */
const MAX_SEGMENT_MS = 12_000;

const SENTENCE_END = /[.!?…。？！]["'»”)\]]*$/u;

export function sentenceSegments(pieces: readonly NativeParakeetSegment[]): NativeSegment[] {
  const tokens = pieces.flatMap((piece) => piece.tokens).filter((t) => t.text.length > 0);
  const segments: NativeSegment[] = [];
  let current: NativeParakeetToken[] = [];

  const close = () => {
    const first = current[0];
    if (!first) return;
    const text = current
      .map((t) => t.text)
      .join('')
      .trim();
    const startMs = first.startMs;
    const endMs = Math.max(startMs + PARAKEET_FRAME_MS, ...current.map((t) => t.endMs));
    if (text) {
      segments.push({
        index: segments.length,
        startMs,
        endMs,
        text,
        noSpeechProb: 0,
        tokens: current.map(({ text: piece, startMs: s, endMs: e, p }) => ({
          text: piece,
          startMs: s,
          endMs: e,
          p,
        })),
      });
    }
    current = [];
  };

  for (const token of tokens) {
    const previous = current.at(-1);
    const first = current[0];
    if (previous && first && token.wordStart) {
      const sentenceEnded = SENTENCE_END.test(previous.text);
      const paused = token.startMs - previous.endMs >= PAUSE_MS;
      const tooLong = token.startMs - first.startMs >= MAX_SEGMENT_MS;
      if (sentenceEnded || paused || tooLong) close();
    }
    current.push(token);
  }
  close();
  return segments;
}
