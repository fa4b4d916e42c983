import { isPlainObject, joinPath, problemFromZod, type RuleProblem } from './rule-problems.js';
import { ListedWord } from './rules-schema.js';

function fold(word: string): string {
  return word.toLowerCase().replace(/\s+/g, ' ');
}

/** The valid, distinct words of a list (the words to expect, extra fillers), and the refused ones. */
export function parseWordList(value: unknown, base: string): { words: string[]; problems: RuleProblem[] } {
  if (!Array.isArray(value)) {
    return { words: [], problems: [{ path: base, message: 'must be a list of words' }] };
  }
  const words: string[] = [];
  const firstAt = new Map<string, number>();
  const problems: RuleProblem[] = [];
  value.forEach((entry: unknown, index) => {
    const path = joinPath(base, index);
    if (isPlainObject(entry) || Array.isArray(entry)) {
      problems.push({ path, message: 'must be a word or a phrase in quotes' });
      return;
    }
    const parsed = ListedWord.safeParse(entry);
    if (!parsed.success) {
      problems.push(problemFromZod(path, parsed.error));
      return;
    }
    const earlier = firstAt.get(fold(parsed.data));
    if (earlier !== undefined) {
      problems.push({ path, message: `listed twice (also ${joinPath(base, earlier)})` });
      return;
    }
    firstAt.set(fold(parsed.data), index);
    words.push(parsed.data);
  });
  return { words, problems };
}
