import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/shared/text-shaping/parse-rules.js';

describe('a bad replacement is refused with its position and reason; the others still work', () => {
  it('refuses a bad regular expression and keeps the other replacements', () => {
    const { rules, problems } = parseRules({
      replacements: [
        { from: 'sig', to: 'Best,\nAna' },
        { from: '(unclosed', to: 'x', regex: true },
        { from: 'brb', to: 'be right back' },
      ],
    });
    expect(rules.replacements.map((r) => r.from)).toEqual(['sig', 'brb']);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('replacements[1].from');
    expect(problems[0]!.message).toMatch(/^not a valid regular expression/);
  });

  it('refuses an empty phrase', () => {
    const { rules, problems } = parseRules({
      replacements: [
        { from: '   ', to: 'x' },
        { from: 'ok', to: 'okay' },
      ],
    });
    expect(problems).toEqual([{ path: 'replacements[0].from', message: 'empty phrase' }]);
    expect(rules.replacements).toHaveLength(1);
  });

  it('refuses a rule that expands into itself', () => {
    const { rules, problems } = parseRules({ replacements: [{ from: 'sig', to: 'sig: Ana' }] });
    expect(rules.replacements).toEqual([]);
    expect(problems).toEqual([
      { path: 'replacements[0]', message: 'expands into itself: its text contains "sig" again' },
    ]);
  });

  it('accepts a rule that only fixes the case of its phrase', () => {
    const { rules, problems } = parseRules({ replacements: [{ from: 'github', to: 'GitHub' }] });
    expect(problems).toEqual([]);
    expect(rules.replacements).toHaveLength(1);
  });

  it('refuses the rule that closes a cycle, naming the others', () => {
    const { rules, problems } = parseRules({
      replacements: [
        { from: 'foo', to: 'bar' },
        { from: 'baz', to: 'qux' },
        { from: 'bar', to: 'foo' },
      ],
    });
    expect(rules.replacements.map((r) => r.from)).toEqual(['foo', 'baz']);
    expect(problems).toEqual([
      { path: 'replacements[2]', message: 'forms a cycle with replacements[0]: "bar" -> "foo" -> "bar"' },
    ]);
  });

  it('finds a longer cycle, through a regular expression too', () => {
    const { problems } = parseRules({
      replacements: [
        { from: 'one', to: 'two' },
        { from: 't[wW]o', to: 'three', regex: true },
        { from: 'three', to: 'one' },
      ],
    });
    expect(problems).toEqual([
      {
        path: 'replacements[2]',
        message:
          'forms a cycle with replacements[0], replacements[1]: "three" -> "one" -> "t[wW]o" -> "three"',
      },
    ]);
  });

  it('refuses a catastrophic or empty-matching regular expression', () => {
    const { problems } = parseRules({
      replacements: [
        { from: '(\\w+\\s?)+$', to: 'x', regex: true },
        { from: 'a*', to: 'x', regex: true },
      ],
    });
    expect(problems.map((p) => p.path)).toEqual(['replacements[0].from', 'replacements[1].from']);
    expect(problems[0]!.message).toMatch(/can take for ever/);
    expect(problems[1]!.message).toBe('matches empty text');
  });

  it('refuses a second rule for the same phrase', () => {
    const { problems } = parseRules({
      replacements: [
        { from: 'My Email', to: 'a' },
        { from: 'my  email', to: 'b' },
      ],
    });
    expect(problems).toEqual([{ path: 'replacements[1]', message: 'the same phrase as replacements[0]' }]);
  });

  it('names a wrong type inside a replacement', () => {
    const { problems } = parseRules({ replacements: [{ from: 'x', to: 5 }, 'not an object'] });
    expect(problems.map((p) => p.path)).toEqual(['replacements[0].to', 'replacements[1]']);
  });

  it('reports a misspelt key, keeping the rule as a plain phrase', () => {
    const { rules, problems } = parseRules({ replacements: [{ from: 'a+', to: 'b', regexp: true }] });
    expect(problems).toEqual([{ path: 'replacements[0].regexp', message: 'unknown setting, ignored' }]);
    expect(rules.replacements).toEqual([
      { from: 'a+', to: 'b', regex: false, caseSensitive: false, enabled: true },
    ]);
  });

  it('lets a turned-off rule stay in the list even where it would close a cycle', () => {
    const { rules, problems } = parseRules({
      replacements: [
        { from: 'foo', to: 'bar' },
        { from: 'bar', to: 'foo', enabled: false },
      ],
    });
    expect(problems).toEqual([]);
    expect(rules.replacements).toHaveLength(2);
  });
});
