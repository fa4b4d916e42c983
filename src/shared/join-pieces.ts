/**
 * Joins the pieces of one dictation that were transcribed apart (committed at pauses while the key
 * was held, then the tail after release) into one text, as if it had been transcribed whole:
 * one space between pieces, none before punctuation, a capital after a sentence end, and a piece
 * that only continues a sentence starts in lower case (whisper capitalises every piece it starts).
 */

const SENTENCE_END = /[.!?…]["')\]]*$/;
const LEADING_PUNCTUATION = /^[,.;:!?…)\]]/;
/** Words that keep their capital in the middle of a sentence. */
const ALWAYS_CAPITAL = /^(I|I'm|I'll|I've|I'd|OK)$/;

export function joinPieces(pieces: readonly string[], keepCapitalised: readonly string[] = []): string {
  let joined = '';
  for (const raw of pieces) {
    const piece = raw.trim();
    if (!piece) continue;
    if (!joined) {
      joined = piece;
      continue;
    }
    if (LEADING_PUNCTUATION.test(piece)) {
      joined += piece;
      continue;
    }
    joined += ' ' + continueCase(joined, piece, keepCapitalised);
  }
  return joined;
}

/** The end of the text committed so far that goes into the next piece's prompt (whole words). */
export function promptTail(committed: string, maxChars = 200): string {
  const text = committed.trim();
  if (text.length <= maxChars) return text;
  const cut = text.slice(text.length - maxChars);
  const space = cut.indexOf(' ');
  return space >= 0 ? cut.slice(space + 1) : cut;
}

/** The words to expect, then the end of what was committed: what whisper reads before a piece. */
export function piecePrompt(basePrompt: string, committed: string, withCommitted: boolean): string {
  const tail = withCommitted ? promptTail(committed) : '';
  const base = basePrompt.trim();
  if (!tail) return base;
  if (!base) return tail;
  return `${SENTENCE_END.test(base) ? base : `${base}.`} ${tail}`;
}

function continueCase(before: string, piece: string, keepCapitalised: readonly string[]): string {
  const [first = ''] = piece.split(/\s/, 1);
  const bare = first.replace(/[^\p{L}'’]/gu, '');
  if (SENTENCE_END.test(before)) {
    return piece.charAt(0).toLocaleUpperCase() + piece.slice(1);
  }
  // Only a capital that whisper put there for starting a piece: one capital, then lower case.
  if (!/^\p{Lu}[\p{Ll}'’]*$/u.test(bare) || ALWAYS_CAPITAL.test(bare)) return piece;
  if (keepCapitalised.some((word) => word.split(/\s/)[0] === bare)) return piece;
  return piece.charAt(0).toLocaleLowerCase() + piece.slice(1);
}
