import type { Replacement } from './rules-schema.js';

type PatternFields = Pick<Replacement, 'from' | 'regex' | 'caseSensitive'>;

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const NOT_AFTER_WORD = '(?<![\\p{L}\\p{M}\\p{N}])';
const NOT_BEFORE_WORD = '(?![\\p{L}\\p{M}\\p{N}])';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * A phrase as a whole-words pattern: any run of spaces between its words matches any other run, and a
 * straight apostrophe matches a curly one ("don't" finds "don’t").
 */
export function phrasePatternSource(phrase: string): string {
  const words = phrase.trim().split(/\s+/);
  const body = words.map((word) => escapeRegExp(word).replace(/['’]/g, "['’]")).join('\\s+');
  const start = WORD_CHAR.test(phrase.trim().charAt(0)) ? NOT_AFTER_WORD : '';
  const end = WORD_CHAR.test(phrase.trim().slice(-1)) ? NOT_BEFORE_WORD : '';
  return start + body + end;
}

export function patternFlags(rule: Pick<Replacement, 'caseSensitive'>): string {
  return rule.caseSensitive ? 'gu' : 'giu';
}

/** The rule's pattern (global). Throws SyntaxError for a bad regular expression. */
export function compileReplacement(rule: PatternFields): RegExp {
  const source = rule.regex ? rule.from : phrasePatternSource(rule.from);
  return new RegExp(source, patternFlags(rule));
}

/** The part of a rule's output that is known before matching: group references taken out. */
export function fixedOutput(rule: Pick<Replacement, 'to' | 'regex'>): string {
  return rule.regex ? rule.to.replace(/\$(?:\d{1,2}|<[^>]*>|[&`'])/g, ' ') : rule.to;
}

/** Whether the rule's pattern finds something in text (a fresh search each call). */
export function ruleMatches(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  const found = pattern.test(text);
  pattern.lastIndex = 0;
  return found;
}
