import { COMMON_WORDS_EN, SMALL_WORDS_EN } from './common-words-en.js';
import { foldWord } from './tokens.js';

const NO_WORDS: ReadonlySet<string> = new Set();

/** Words whose capital may be taken off mid-sentence; only English has a list so far. */
export function commonWordsFor(language: string): ReadonlySet<string> {
  return language === 'en' ? COMMON_WORDS_EN : NO_WORDS;
}

/** Articles, prepositions and other small words; only English has a list so far. */
export function smallWordsFor(language: string): ReadonlySet<string> {
  return language === 'en' ? SMALL_WORDS_EN : NO_WORDS;
}

/** Endings that make another everyday word of an everyday word: "needs", "nodes", "boxes", "tested". */
const INFLECTIONS = ["'s", 's', 'es', 'd', 'ed', 'ing'];

/** Whether the word, or the word less a common ending, is on the list. */
export function isCommonWord(word: string, common: ReadonlySet<string>): boolean {
  const folded = foldWord(word);
  return (
    common.has(folded) ||
    INFLECTIONS.some(
      (ending) =>
        folded.endsWith(ending) &&
        folded.length - ending.length >= 2 &&
        common.has(folded.slice(0, -ending.length)),
    )
  );
}

/**
 * Spellings that must survive as written (the words list, replacement texts): "iPhone" and
 * "a@example.org" stay as they are at a sentence start.
 */
export type ProtectedTerms = readonly string[];

const FIRST_LETTER = /\p{L}/u;
const FIRST_WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/u;

function isProtectedAt(text: string, index: number, terms: ProtectedTerms): boolean {
  return terms.some((term) => term.length > 0 && text.startsWith(term, index));
}

/** The run of non-space characters around index: "a@example.org" for the "a" at its start. */
function chunkAt(text: string, index: number): string {
  const rest = text.slice(index);
  return rest.slice(0, rest.search(/\s|$/));
}

/** A capital at the first letter, unless that word is written in a way that must be kept. */
export function upperFirstWord(text: string, terms: ProtectedTerms = []): string {
  const index = text.search(FIRST_LETTER);
  if (index < 0) return text;
  const letter = text.charAt(index);
  if (letter === letter.toUpperCase() || isProtectedAt(text, index, terms)) return text;
  const chunk = chunkAt(text, index);
  // Addresses, paths, identifiers and words like "iPhone" keep their case.
  if (/[@/\\_\d]|\.\p{L}/u.test(chunk) || /\p{Lu}/u.test(chunk)) return text;
  return text.slice(0, index) + letter.toUpperCase() + text.slice(index + 1);
}

const I_FORMS = /^I(?:['’](?:m|ll|ve|d))?$/;

/** Lower-cases a first word whisper capitalised only because a piece began there ("The", "And"). */
export function lowerFirstWord(
  text: string,
  common: ReadonlySet<string>,
  terms: ProtectedTerms = [],
): string {
  const match = FIRST_WORD.exec(text);
  if (!match) return text;
  // Only a letter-led word may start the text: "3 Apples" is not a capitalised first word.
  if (text.slice(0, match.index).search(/\p{L}/u) >= 0) return text;
  const word = match[0];
  if (!/^\p{Lu}[\p{Ll}'’]*$/u.test(word) || I_FORMS.test(word)) return text;
  if (!isCommonWord(word, common) || isProtectedAt(text, match.index, terms)) return text;
  return text.slice(0, match.index) + word.toLowerCase() + text.slice(match.index + word.length);
}

/** How the first word of a text is to be cased: a capital, whisper's capital taken off, or as it is. */
export type FirstWordCase = 'upper' | 'lower' | null;

export function caseFirstWord(
  text: string,
  casing: FirstWordCase,
  common: ReadonlySet<string>,
  terms: ProtectedTerms = [],
): string {
  if (casing === 'upper') return upperFirstWord(text, terms);
  if (casing === 'lower') return lowerFirstWord(text, common, terms);
  return text;
}
