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
}

/** Shortest fuzzy-matched spelling: below it, near misses are mostly other real words. */
const MIN_FUZZY_LETTERS = 4;
/** A single word's sound may differ by about one consonant in three. */
const MAX_SOUND_RATIO = 0.34;

function soundRatio(a: readonly string[], b: readonly string[]): number {
  let best = 1;
  for (const x of a) for (const y of b) best = Math.min(best, editRatio(x, y));
  return best;
}

function lengthsFit(heard: number, listed: number, sameSound: boolean): boolean {
  // Said the same, a spelling can be much longer: "sequel light" for "SQLite".
  const slack = sameSound ? Math.max(3, 0.9 * listed) : Math.max(2, 0.4 * listed);
  return Math.abs(heard - listed) <= slack;
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
  // Keys of one or two consonants ("PR": Priya, prayer, proper) say little; the letters must be close.
  if (Math.min(...entry.keys.map((key) => key.length)) <= 2 && letters > MAX_SOUND_RATIO) return null;
  const score = 0.4 * letters + 0.6 * sound;
  const limit = heard.allCommon ? tolerance / 2 : tolerance;
  return score <= limit ? score : null;
}
