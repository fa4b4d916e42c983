import { gapWithoutFillers, startsAfterFillers } from './filler-gap.js';
import { upperFirstWord } from './letter-case.js';
import { phraseMatcher } from './phrase-matcher.js';
import type { StepOutput, TextChange } from './step-result.js';
import { tokenize, type Tokens } from './tokens.js';

export interface FillerOptions {
  /** The language's filler pattern (filler-tables.ts); null when it has none. */
  pattern: RegExp | null;
  /** The user's own filler words or phrases ("you know"). */
  extra?: readonly string[];
}

/** "uh-huh", "um-hum": a hyphen joins the word to its neighbour, so it is not a filler there. */
function isHyphenJoined(tokens: Tokens, i: number): boolean {
  return (i > 0 && tokens.gaps[i] === '-') || (i + 1 < tokens.words.length && tokens.gaps[i + 1] === '-');
}

function fillerMask(tokens: Tokens, options: FillerOptions): boolean[] {
  const mask = tokens.words.map(
    (word, i) =>
      options.pattern !== null &&
      options.pattern.test(word) &&
      // "ER", "UM": written in capitals it is an abbreviation, not a sound.
      !(word.length > 1 && word === word.toUpperCase()) &&
      !isHyphenJoined(tokens, i),
  );
  if (options.extra?.length) {
    const match = phraseMatcher(options.extra.map((phrase) => ({ phrase, value: true })));
    for (let i = 0; i < tokens.words.length; i++) {
      const found = match(tokens, i);
      if (found) for (let k = 0; k < found.length; k++) mask[i + k] = true;
    }
  }
  return mask;
}

/**
 * Removes filler words and repairs what they leave: "So, um, I think" -> "So, I think",
 * "Um, hello." -> "Hello.". Only whole words: "umbrella" and "Uhura" stay.
 */
export function removeFillers(text: string, options: FillerOptions): StepOutput {
  const tokens = tokenize(text);
  const mask = fillerMask(tokens, options);
  const changes: TextChange[] = [];
  let out = tokens.gaps[0]!;
  let capitalizeNext = false;
  for (let i = 0; i < tokens.words.length;) {
    if (!mask[i]) {
      const word = tokens.words[i]!;
      out += capitalizeNext ? upperFirstWord(word) : word;
      out += tokens.gaps[i + 1]!;
      capitalizeNext = false;
      i += 1;
      continue;
    }
    let end = i;
    while (end + 1 < tokens.words.length && mask[end + 1]) end++;
    const before = i === 0 ? tokens.gaps[0]! : out.slice(out.length - tokens.gaps[i]!.length);
    const span = {
      before,
      inner: tokens.gaps.slice(i + 1, end + 1),
      after: tokens.gaps[end + 1]!,
      hasWordBefore: i > 0,
      hasWordAfter: end + 1 < tokens.words.length,
    };
    const gap = gapWithoutFillers(span);
    out = out.slice(0, out.length - before.length) + gap;
    const spokenCapital = /^\p{Lu}/u.test(tokens.words[i]!);
    capitalizeNext = spokenCapital && (startsAfterFillers(span) || /[.?!]\s*$/.test(gap));
    changes.push({ from: tokens.words.slice(i, end + 1).join(' '), to: '' });
    i = end + 1;
  }
  return { text: out, changes };
}
