import { foldWord, tokenize, type Tokens } from './tokens.js';

export interface PhraseMatch<T> {
  /** How many words the phrase spans. */
  length: number;
  value: T;
}

export type PhraseMatcher<T> = (tokens: Tokens, at: number) => PhraseMatch<T> | null;

/** Between the words of a spoken phrase: spaces and the punctuation whisper adds at pauses. */
const INNER_GAP = /^[\s,.;:!?…\-–—]+$/;

/**
 * Finds listed phrases at a word position, longest first, as whole words in any case. Phrases are
 * split into words exactly like the text, so "point d'interrogation" and "deux-points" line up.
 */
export function phraseMatcher<T>(entries: Iterable<{ phrase: string; value: T }>): PhraseMatcher<T> {
  const byFirstWord = new Map<string, { words: string[]; value: T }[]>();
  for (const { phrase, value } of entries) {
    const words = tokenize(phrase).words.map(foldWord);
    if (words.length === 0) continue;
    const list = byFirstWord.get(words[0]!) ?? [];
    list.push({ words, value });
    byFirstWord.set(words[0]!, list);
  }
  for (const list of byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);

  return (tokens, at) => {
    const candidates = byFirstWord.get(foldWord(tokens.words[at] ?? ''));
    for (const { words, value } of candidates ?? []) {
      if (at + words.length > tokens.words.length) continue;
      const fits = words.every(
        (word, k) =>
          k === 0 || (foldWord(tokens.words[at + k]!) === word && INNER_GAP.test(tokens.gaps[at + k]!)),
      );
      if (fits) return { length: words.length, value };
    }
    return null;
  };
}
