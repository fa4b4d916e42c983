/**
 * Splits text into words and the separators between them, so a step can look at words while keeping
 * every other character exactly as it was. words.length + 1 === gaps.length: gaps[i] is the text before
 * words[i], and the last gap is whatever follows the last word.
 */
export interface Tokens {
  words: string[];
  gaps: string[];
}

/** Letters and digits, with inner apostrophes ("don't", "d'interrogation"); hyphens separate words. */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;

export function tokenize(text: string): Tokens {
  const words: string[] = [];
  const gaps: string[] = [];
  let last = 0;
  for (const match of text.matchAll(WORD)) {
    gaps.push(text.slice(last, match.index));
    words.push(match[0]);
    last = match.index + match[0].length;
  }
  gaps.push(text.slice(last));
  return { words, gaps };
}

/** Punctuation whisper adds by itself next to spoken commands and fillers (pauses become these). */
const SOFT_PUNCTUATION = /[,.;:!?…\-–—]/g;

export function withoutSoftPunctuation(gap: string): string {
  return gap.replace(SOFT_PUNCTUATION, '');
}

export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/** Normalised form for comparing words: lower case, curly apostrophes straightened. */
export function foldWord(word: string): string {
  return word.toLowerCase().replace(/’/g, "'");
}

/** True when a gap holds nothing but horizontal whitespace. */
export function trimEndSpaces(text: string): string {
  return text.replace(/[ \t]+$/, '');
}
