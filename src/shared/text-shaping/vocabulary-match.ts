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

/** The listed words, indexed for the two questions asked of every heard word. */
export interface Vocabulary {
  entries: readonly VocabularyEntry[];
  /** Entries by the first character of each of their sound keys: a match must share it. */
  byFirstSound: ReadonlyMap<string, readonly VocabularyEntry[]>;
  /** Entries by their letters: the same letters is always a match ("git hub", "github"). */
  byLetters: ReadonlyMap<string, readonly VocabularyEntry[]>;
  /** The most words a listed word has. */
  longest: number;
}

function addTo(map: Map<string, VocabularyEntry[]>, key: string, entry: VocabularyEntry): void {
  const list = map.get(key) ?? [];
  if (!list.includes(entry)) list.push(entry);
  map.set(key, list);
}

export function prepareVocabulary(words: readonly string[], common: ReadonlySet<string>): Vocabulary {
  const entries = words
    .map((spelling) => ({
      spelling,
      letters: lettersOf(spelling),
      keys: soundKeys(spelling),
      wordCount: Math.max(1, tokenize(spelling).words.length),
    }))
    // A listed word that is also an everyday one ("Go", "Rust") would turn every "go" into "Go".
    .filter((entry) => entry.letters.length >= 2 && !common.has(entry.spelling.toLowerCase()));
  const byFirstSound = new Map<string, VocabularyEntry[]>();
  const byLetters = new Map<string, VocabularyEntry[]>();
  for (const entry of entries) {
    for (const key of entry.keys) addTo(byFirstSound, key.charAt(0), entry);
    addTo(byLetters, entry.letters, entry);
  }
  return {
    entries,
    byFirstSound,
    byLetters,
    longest: Math.max(0, ...entries.map((entry) => entry.wordCount)),
  };
}

/** The entries worth scoring against what was heard. */
export function entriesNear(
  vocabulary: Vocabulary,
  heard: Pick<HeardSpan, 'letters' | 'keys'>,
): VocabularyEntry[] {
  const near = new Set(vocabulary.byLetters.get(heard.letters));
  for (const key of heard.keys)
    for (const entry of vocabulary.byFirstSound.get(key.charAt(0)) ?? []) near.add(entry);
  return [...near];
}

/** What was heard: one or more words said together, compared as one ("cube or netties"). */
export interface HeardSpan {
  letters: string;
  keys: string[];
  wordCount: number;
  /** Every word of it is an everyday word ("get hub"): it takes a closer match to correct. */
  allCommon: boolean;
  /** One everyday word: never corrected, not even its case. */
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
  for (const x of a) {
    for (const y of b) {
      // Past this length difference the ratio cannot be small enough to matter.
      if (Math.abs(x.length - y.length) <= MAX_SOUND_RATIO * Math.max(x.length, y.length)) {
        best = Math.min(best, editRatio(x, y));
      }
    }
  }
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
        : heard.letters.length === entry.letters.length
          ? MAX_LETTERS.sameSoundWord
          : MAX_LETTERS.sameSoundOtherLength;
  if (Math.min(...entry.keys.map((key) => key.length)) <= 2) limit = Math.min(limit, MAX_LETTERS.shortKey);
  if (heard.smallWordAtEdge) limit = Math.min(limit, MAX_LETTERS.smallWordAtEdge);
  return limit;
}

function sharesKey(a: readonly string[], b: readonly string[]): boolean {
  return a.some((key) => b.includes(key));
}

/**
 * How far the heard words are from the entry, 0 (same letters) to 1; null when they are too far
 * apart to be the same word at the given tolerance. Sound counts more than spelling: whisper mishears,
 * it does not misspell. Several words heard for one listed word must sound exactly like it.
 */
export function matchScore(heard: HeardSpan, entry: VocabularyEntry, tolerance: number): number | null {
  if (heard.letters === entry.letters) return heard.singleCommonWord ? null : 0;
  if (tolerance <= 0 || heard.singleCommonWord || entry.letters.length < MIN_FUZZY_LETTERS) return null;
  if (!lengthsFit(heard.letters.length, entry.letters.length, true)) return null;
  const sound = sharesKey(heard.keys, entry.keys)
    ? 0
    : heard.wordCount > 1
      ? 1
      : soundRatio(heard.keys, entry.keys);
  if (sound > (heard.wordCount > 1 ? 0 : MAX_SOUND_RATIO)) return null;
  if (!lengthsFit(heard.letters.length, entry.letters.length, sound === 0)) return null;
  const maxLetters = maxLetterRatio(heard, entry, sound);
  const longest = Math.max(heard.letters.length, entry.letters.length);
  // The length difference alone is a lower bound of the edit distance: no need to compute it.
  if (Math.abs(heard.letters.length - entry.letters.length) > maxLetters * longest) return null;
  const letters = editRatio(heard.letters, entry.letters);
  if (letters > maxLetters) return null;
  const score = 0.4 * letters + 0.6 * sound;
  const limit = heard.allCommon ? tolerance / 2 : tolerance;
  return score <= limit ? score : null;
}
