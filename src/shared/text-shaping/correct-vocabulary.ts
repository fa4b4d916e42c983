import { isCommonWord } from './letter-case.js';
import { lettersOf, soundKeys } from './sound-key.js';
import type { StepOutput, TextChange } from './step-result.js';
import { foldWord, tokenize } from './tokens.js';
import { entriesNear, matchScore, type Vocabulary, type VocabularyEntry } from './vocabulary-match.js';

export interface VocabularyOptions {
  vocabulary: Vocabulary;
  /** 0..0.5: how loose a match may be (TextRules.wordsTolerance). */
  tolerance: number;
  common: ReadonlySet<string>;
  /** Articles, prepositions and the like: common.has() is true for these too. */
  small?: ReadonlySet<string>;
}

/** A listed word may have been heard as up to this many words more than it has. */
const EXTRA_WORDS = 2;
const MAX_SPAN_WORDS = 5;
/** Between words heard as one: spaces or a hyphen ("post gress", "git-hub"), or a dot ("node.js"). */
const JOINABLE_GAP = /^(?:[ \t-]+|\.)$/;
const POSSESSIVE = /['’]s$/i;

interface Candidate {
  start: number;
  end: number;
  entry: VocabularyEntry;
  score: number;
}

function candidatesAt(
  words: readonly string[],
  gaps: readonly string[],
  start: number,
  options: VocabularyOptions,
) {
  const found: Candidate[] = [];
  const longest = options.vocabulary.longest + EXTRA_WORDS;
  for (let end = start; end < words.length && end - start < Math.min(longest, MAX_SPAN_WORDS); end++) {
    if (end > start && !JOINABLE_GAP.test(gaps[end]!)) break;
    const span = words.slice(start, end + 1);
    const last = span.length - 1;
    // "GitHub's": matched without the 's, which is put back after the listed spelling.
    if (last > 0 && POSSESSIVE.test(span[last - 1]!)) break;
    const spoken = span.map((word, k) => (k === last ? word.replace(POSSESSIVE, '') : word));
    const folded = spoken.map(foldWord);
    const heard = {
      letters: lettersOf(spoken.join('')),
      keys: soundKeys(spoken.join('')),
      wordCount: span.length,
      allCommon: folded.every((word) => isCommonWord(word, options.common)),
      singleCommonWord: span.length === 1 && isCommonWord(folded[0]!, options.common),
      smallWordAtEdge:
        span.length > 1 && [folded[0]!, folded[last]!].some((word) => options.small?.has(word) ?? false),
    };
    for (const entry of entriesNear(options.vocabulary, heard)) {
      if (span.length > entry.wordCount + EXTRA_WORDS) continue;
      const score = matchScore(heard, entry, options.tolerance);
      if (score !== null) found.push({ start, end, entry, score });
    }
  }
  return found;
}

/**
 * Spells words and phrases that sound like a listed word the way the list does: "cube or netties" ->
 * "Kubernetes", "post gress" -> "Postgres", "git hub" -> "GitHub". The closest matches win; a word is
 * changed at most once.
 */
export function correctVocabulary(text: string, options: VocabularyOptions): StepOutput {
  if (options.vocabulary.entries.length === 0) return { text, changes: [] };
  const { words, gaps } = tokenize(text);
  const all = words.flatMap((_, start) => candidatesAt(words, gaps, start, options));
  all.sort((a, b) => a.score - b.score || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken = new Array<Candidate | undefined>(words.length);
  for (const candidate of all) {
    let free = true;
    for (let k = candidate.start; k <= candidate.end; k++) free &&= taken[k] === undefined;
    if (free) for (let k = candidate.start; k <= candidate.end; k++) taken[k] = candidate;
  }
  const changes: TextChange[] = [];
  let out = gaps[0]!;
  for (let i = 0; i < words.length;) {
    const chosen = taken[i];
    if (!chosen) {
      out += words[i]! + gaps[i + 1]!;
      i += 1;
      continue;
    }
    const heard = words.slice(chosen.start, chosen.end + 1);
    const lastWord = heard[heard.length - 1]!;
    const suffix = POSSESSIVE.test(lastWord) ? lastWord.slice(-2) : '';
    const original = heard.map((word, k) => (k === 0 ? word : gaps[chosen.start + k] + word)).join('');
    const replacement = chosen.entry.spelling + suffix;
    if (replacement !== original) changes.push({ from: original, to: replacement });
    out += replacement + gaps[chosen.end + 1]!;
    i = chosen.end + 1;
  }
  return { text: out, changes };
}
