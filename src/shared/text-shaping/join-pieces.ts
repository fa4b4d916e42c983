import { joinBoundary } from './join-boundary.js';
import { commonWordsFor, lowerFirstWord } from './letter-case.js';
import { hasWords } from './tokens.js';

export interface JoinOptions {
  /** The words list: a listed word keeps its capital wherever it lands. */
  words?: readonly string[];
  language?: string;
}

/** Words a sentence does not end on: a period whisper put after one ended the piece, not the sentence. */
const DANGLING_EN = new Set(
  'a an the and or but nor of with from into onto my your our their its because if than whether very'.split(
    ' ',
  ),
);
const ABBREVIATION = /(?:^|\s)(?:mr|mrs|ms|dr|st|jr|sr|vs|etc|inc|ltd|co|[a-z]\.[a-z])\.$/i;
const LEADING_ELLIPSIS = /^(?:\.{3}|…)\s*/;

/**
 * Takes off the period whisper ends every piece with when the sentence clearly goes on: the next piece
 * starts in lower case ("...to the store." + "and then"), or this one ends on "the", "of", "and"...
 * ("I went to the." + "Store.").
 */
function withoutPieceEndPeriod(text: string, next: string, language: string): string {
  const ending = /(\p{L}+)\.$/u.exec(text);
  if (!ending || text.endsWith('..') || ABBREVIATION.test(text)) return text;
  const dangling = language === 'en' && DANGLING_EN.has(ending[1]!.toLowerCase());
  return dangling || /^\p{Ll}/u.test(next) ? text.slice(0, -1) : text;
}

/**
 * Joins the pieces of one dictation, transcribed separately at pauses, into one text. Each piece
 * comes with whisper's capital and period; where the sentence goes on across the pause they are
 * taken off ("We should call" + "The client tomorrow." -> "We should call the client tomorrow."),
 * except on names, "I" and listed words.
 */
export function joinPieces(pieces: readonly string[], options: JoinOptions = {}): string {
  const language = options.language ?? 'en';
  const common = commonWordsFor(language);
  const terms = options.words ?? [];
  let out = '';
  for (const raw of pieces) {
    let piece = raw.trim();
    // "...", "." alone: whisper's mark for a pause, not speech.
    if (!hasWords(piece)) continue;
    if (out === '') {
      out = piece;
      continue;
    }
    // Whisper's "..." on both sides of a pause: the sentence runs on.
    const runsOn = LEADING_ELLIPSIS.test(piece);
    piece = piece.replace(LEADING_ELLIPSIS, '');
    out = withoutPieceEndPeriod(out, piece, language);
    const boundary = joinBoundary(out, piece, { common, terms, language });
    // A piece whisper began in lower case continues whatever came before, even after "etc.".
    const text = runsOn
      ? lowerFirstWord(piece, common, terms)
      : /^\p{Ll}/u.test(piece)
        ? piece
        : boundary.text;
    out = out.slice(0, out.length - boundary.eraseBefore) + boundary.separator + text;
  }
  return out;
}
