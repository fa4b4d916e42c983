import { describe, expect, it } from 'vitest';
import { applyReplacements } from '../../src/shared/text-shaping/apply-replacements.js';
import { Replacement } from '../../src/shared/text-shaping/rules-schema.js';

const rule = (fields: Partial<Replacement> & Pick<Replacement, 'from' | 'to'>): Replacement =>
  Replacement.parse(fields);
const replace = (text: string, ...rules: Replacement[]) => applyReplacements(text, rules).text;

const SIGNATURE = 'Best regards,\nAna Lima\nExample Ltd.';

describe('replacements and snippets (OpenWhispr, VoiceInk)', () => {
  it('replaces a phrase as whole words in any case', () => {
    const email = rule({ from: 'my email', to: 'a@example.org' });
    expect(replace('Send it to my email, please.', email)).toBe('Send it to a@example.org, please.');
    expect(replace('My Email is below.', email)).toBe('a@example.org is below.');
    expect(replace('my emails are many', email)).toBe('my emails are many');
    expect(replace('summy email', email)).toBe('summy email');
  });

  it('fixes a word whisper always mishears (OpenWhispr #1132), keeping a sentence capital', () => {
    const views = rule({ from: 'wheels', to: 'views' });
    expect(replace('Wheels are nice. The wheels too.', views)).toBe('Views are nice. The views too.');
    expect(replace('Git hub', rule({ from: 'git hub', to: 'GitHub' }))).toBe('GitHub');
  });

  it('finds whole words next to accents and after a rejected overlap', () => {
    expect(replace('café caf', rule({ from: 'caf', to: 'X' }))).toBe('café X');
    expect(replace('xab ab ab', rule({ from: 'ab ab', to: 'X' }))).toBe('xab X');
  });

  it("matches across whisper's spacing and either apostrophe", () => {
    expect(replace('my   email', rule({ from: 'my email', to: 'X' }))).toBe('X');
    expect(replace('I don’t know', rule({ from: "don't know", to: 'dunno' }))).toBe('I dunno');
  });

  it('expands "sig" into a signature with line breaks', () => {
    const sig = rule({ from: 'sig', to: SIGNATURE });
    expect(replace('Thanks for the help.\nsig', sig)).toBe(`Thanks for the help.\n${SIGNATURE}`);
    expect(replace('Sig.', sig)).toBe(`${SIGNATURE}.`);
    expect(replace('the signal', sig)).toBe('the signal');
  });

  it('inserts the text as written: no $ patterns in a plain rule', () => {
    expect(replace('price', rule({ from: 'price', to: '$1 and $&' }))).toBe('$1 and $&');
  });

  it('can delete a phrase (Handy #198), leaving the spaces to the spacing step', () => {
    expect(replace('well basically it works', rule({ from: 'basically', to: '' }))).toBe('well  it works');
  });

  it('honours case when asked', () => {
    const exact = rule({ from: 'AI', to: 'artificial intelligence', caseSensitive: true });
    expect(replace('AI and ai', exact)).toBe('artificial intelligence and ai');
  });

  it('skips a rule that is turned off', () => {
    expect(replace('my email', rule({ from: 'my email', to: 'X', enabled: false }))).toBe('my email');
  });
});

describe('regular expressions', () => {
  it('uses groups in the text', () => {
    const money = rule({ from: '(\\d+) dollars', to: '$$$1', regex: true });
    expect(replace('It costs 20 dollars.', money)).toBe('It costs $20.');
    const named = rule({
      from: '(?<first>\\w+) versus (?<second>\\w+)',
      to: '$<first> vs. $<second>',
      regex: true,
    });
    expect(replace('cats versus dogs', named)).toBe('cats vs. dogs');
  });

  it('is case-insensitive unless told otherwise', () => {
    expect(replace('TODO fix', rule({ from: 'todo', to: '- [ ]', regex: true }))).toBe('- [ ] fix');
  });

  it('skips a bad pattern built by hand instead of throwing', () => {
    const bad = { from: '(', to: 'x', regex: true, caseSensitive: false, enabled: true };
    expect(replace('a ( b', bad, rule({ from: 'b', to: 'c' }))).toBe('a ( c');
  });
});

describe('order and reporting', () => {
  it("applies rules in order, each once; a later rule sees an earlier one's text", () => {
    const rules = [rule({ from: 'brb', to: 'be right back' }), rule({ from: 'right back', to: 'back soon' })];
    expect(replace('brb', ...rules)).toBe('be back soon');
  });

  it('reports each replacement', () => {
    const { changes } = applyReplacements('my email and my email', [rule({ from: 'my email', to: 'a@b.c' })]);
    expect(changes).toEqual([
      { from: 'my email', to: 'a@b.c' },
      { from: 'my email', to: 'a@b.c' },
    ]);
  });
});
