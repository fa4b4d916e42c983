import { editRatio } from './edit-distance.js';
import { lettersOf, soundKeys } from './sound-key.js';
import { tokenize } from './tokens.js';

/** A listed word, prepared once for comparing. */
export interface VocabularyEntry {
  spelling: string;
  letters: string;
  keys: string[];
  wordCount: number;
}

export function prepareVocabulary(words: readonly string[], common: ReadonlySet<string>): VocabularyEntry[] {
  return (
    words
      .map((spelling) => ({
        spelling,
        letters: lettersOf(spelling),
        keys: soundKeys(spelling),
        wordCount: Math.max(1, tokenize(spelling).words.length),
      }))
      // A listed word that is also an everyday one ("Go", "Rust") would turn every "go" into "Go".
      .filter((entry) => entry.letters.length >= 2 && !common.has(entry.spelling.toLowerCase()))
  );
}

/** What was heard: one or more words said together, compared as one ("cube or netties"). */
export interface HeardSpan {
  letters: string;
  keys: string[];
  /** Every word of it is an everyday word ("get hub"): it takes a closer match to correct. */
  wordCount: number;
  allCommon: boolean;
  singleCommonWord: boolean;
  /** Several words, the first or last a small one ("a", "on", "the"). */
  smallWordAtEdge: boolean;
}

/** Shortest fuzzy-matched spelling: below it, near misses are mostly other real words. */
const MIN_FUZZY_LETTERS = 4;
/** A single word's sound may differ by about one consonant in three. */
const MAX_SOUND_RATIO = 0.34;

/** How different the letters may be, by what else is known about the match. */
const MAX_LETTERS = {
  /** One word that sounds the same: "Klein" for "Cline"... */
  sameSoundWord: 0.6,
  /** ...but is longer or shorter: "nets" is not "Node.js". */
  sameSoundOtherLength: 0.4,
  /** Several words that together sound the same: "cube or netties". */
  sameSoundWords: 0.5,
  /** It sounds different, so it must be spelled almost the same: "Postgre". */
  otherSound: 0.2,
  /** A key of one or two consonants ("PR": Priya, prayer, proper) says little. */
  shortKey: 0.34,
  /** "graph on" is not "Grafana": a small word at the edge is glue only when the rest is near. */
  smallWordAtEdge: 0.15,
};

function soundRatio(a: readonly string[], b: readonly string[]): number {
  let best = 1;
  for (const x of a) for (const y of b) best = Math.min(best, editRatio(x, y));
  return best;
}

function lengthsFit(heard: number, listed: number, sameSound: boolean): boolean {
  const slack = sameSound ? Math.max(3, 0.6 * listed) : Math.max(2, 0.4 * listed);
  return Math.abs(heard - listed) <= slack;
}

function maxLetterRatio(heard: HeardSpan, entry: VocabularyEntry, sound: number): number {
  let limit =
    sound > 0
      ? MAX_LETTERS.otherSound
      : heard.wordCount > 1
        ? MAX_LETTERS.sameSoundWords
        : MAX_LETTERS.sameSoundWord;
  if (Math.min(...entry.keys.map((key) => key.length)) <= 2) limit = Math.min(limit, MAX_LETTERS.shortKey);
  if (heard.smallWordAtEdge) limit = Math.min(limit, MAX_LETTERS.smallWordAtEdge);
  return limit;
}

/**
 * How far the heard words are from the entry, 0 (same letters) to 1; null when they are too far
 * apart to be the same word at the given tolerance. Sound counts more than spelling: whisper mishears,
 * it does not misspell. Several words heard for one listed word must sound exactly like it.
 */
export function matchScore(heard: HeardSpan, entry: VocabularyEntry, tolerance: number): number | null {
  if (heard.letters === entry.letters) return heard.singleCommonWord ? null : 0;
  if (tolerance <= 0 || heard.singleCommonWord || entry.letters.length < MIN_FUZZY_LETTERS) return null;
  const sound = soundRatio(heard.keys, entry.keys);
  if (sound > (heard.wordCount > 1 ? 0 : MAX_SOUND_RATIO)) return null;
  if (!lengthsFit(heard.letters.length, entry.letters.length, sound === 0)) return null;
  const letters = editRatio(heard.letters, entry.letters);
  if (letters > maxLetterRatio(heard, entry, sound)) return null;
  const score = 0.4 * letters + 0.6 * sound;
  const limit = heard.allCommon ? tolerance / 2 : tolerance;
  return score <= limit ? score : null;
}
