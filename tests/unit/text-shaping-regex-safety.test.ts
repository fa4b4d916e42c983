import { describe, expect, it } from 'vitest';
import { catastrophicReason, regexProblem } from '../../src/shared/text-shaping/regex-safety.js';

describe('patterns that could hang the pipeline are refused before they run', () => {
  it.each(['(a+)+', '(a*)*', '(\\w+\\s?)*', '((ab)+c)+', '(x+x+)+y', '(?:a+){2,}', '(a|a)*', '(?<w>\\d+)+'])(
    'refuses %s',
    (pattern) => {
      expect(catastrophicReason(pattern)).toMatch(/can take for ever/);
    },
  );

  it.each([
    '\\d+ dollars',
    '(\\d+)-(\\d+)',
    '(ab)+',
    '(a|b)*c',
    '[a+]+',
    '\\(a+\\)+',
    '(?:foo)?bar+',
    '(a+)?',
    'a{1,3}b',
  ])('accepts %s', (pattern) => {
    expect(catastrophicReason(pattern)).toBeNull();
  });
});

describe('regexProblem', () => {
  it('explains a pattern that does not compile', () => {
    expect(regexProblem('(unclosed', 'giu')).toMatch(/^not a valid regular expression: /);
    expect(regexProblem('[z-a]', 'giu')).toMatch(/^not a valid regular expression: /);
  });

  it('refuses a pattern that matches empty text', () => {
    expect(regexProblem('a*', 'giu')).toBe('matches empty text');
    expect(regexProblem('\\b', 'giu')).toBe('matches empty text');
    expect(regexProblem('x|', 'giu')).toBe('matches empty text');
  });

  it('refuses a very long pattern', () => {
    expect(regexProblem('a'.repeat(501), 'giu')).toMatch(/longer than 500/);
  });

  it('accepts an ordinary pattern', () => {
    expect(regexProblem('(\\d+) dollars', 'giu')).toBeNull();
  });
});
