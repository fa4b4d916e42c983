import type { Replacement } from './rules-schema.js';

type PatternFields = Pick<Replacement, 'from' | 'regex' | 'caseSensitive'>;

/** A rule's compiled pattern. A phrase's word edges are checked in code, not in the pattern. */
export interface RulePattern {
  /** Global. */
  regex: RegExp;
  /** The phrase starts (ends) with a letter or digit: a match must not have one before (after) it. */
  wholeWordStart: boolean;
  wholeWordEnd: boolean;
}

// Checked in code because \p{L} in every pattern costs V8 milliseconds to compile with the i flag,
// which adds up with a hundred rules.
const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** A phrase as a pattern: any run of spaces matches any other, a straight apostrophe a curly one. */
function phrasePatternSource(phrase: string): string {
  return phrase
    .trim()
    .split(/\s+/)
    .map((word) => escapeRegExp(word).replace(/['’]/g, "['’]"))
    .join('\\s+');
}

export function patternFlags(rule: Pick<Replacement, 'caseSensitive'>): string {
  return rule.caseSensitive ? 'gu' : 'giu';
}

/** Throws SyntaxError for a bad regular expression. */
export function compileReplacement(rule: PatternFields): RulePattern {
  const phrase = rule.from.trim();
  const regex = new RegExp(rule.regex ? rule.from : phrasePatternSource(phrase), patternFlags(rule));
  if (rule.regex) return { regex, wholeWordStart: false, wholeWordEnd: false };
  const isWordChar = (ch: string) => WORD_CHAR.test(ch);
  return {
    regex,
    wholeWordStart: isWordChar([...phrase][0] ?? ''),
    wholeWordEnd: isWordChar([...phrase].pop() ?? ''),
  };
}

function charBefore(text: string, index: number): string {
  return [...text.slice(Math.max(0, index - 2), index)].pop() ?? '';
}

function charAfter(text: string, index: number): string {
  return [...text.slice(index, index + 2)][0] ?? '';
}

/** The matches of a rule in text, left to right, not overlapping; for a phrase, whole words only. */
export function findMatches(pattern: RulePattern, text: string, first = false): RegExpExecArray[] {
  const { regex } = pattern;
  const found: RegExpExecArray[] = [];
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    const end = match.index + match[0].length;
    const whole =
      match[0] !== '' &&
      !(pattern.wholeWordStart && WORD_CHAR.test(charBefore(text, match.index))) &&
      !(pattern.wholeWordEnd && WORD_CHAR.test(charAfter(text, end)));
    if (whole) {
      found.push(match);
      if (first) break;
    } else {
      regex.lastIndex = match.index + 1;
    }
  }
  regex.lastIndex = 0;
  return found;
}

/** Whether the rule finds something in text. */
export function ruleMatches(pattern: RulePattern, text: string): boolean {
  return findMatches(pattern, text, true).length > 0;
}

/** The part of a rule's output that is known before matching: group references taken out. */
export function fixedOutput(rule: Pick<Replacement, 'to' | 'regex'>): string {
  return rule.regex ? rule.to.replace(/\$(?:\d{1,2}|<[^>]*>|[&`'])/g, ' ') : rule.to;
}
