import { describe, expect, it } from 'vitest';
import { fillerPatternFor } from '../../src/shared/text-shaping/filler-tables.js';
import { removeFillers } from '../../src/shared/text-shaping/remove-fillers.js';

const english = fillerPatternFor('en');
const clean = (text: string, extra: string[] = []) => removeFillers(text, { pattern: english, extra }).text;

describe('filler removal repairs punctuation and spacing', () => {
  it('keeps one comma where whisper put the filler between two', () => {
    expect(clean('So, um, I think we should go.')).toBe('So, I think we should go.');
  });

  it("gives a filler's capital to the word after it at the start", () => {
    expect(clean('Um, hello.')).toBe('Hello.');
    expect(clean('It works. Um, then we ship.')).toBe('It works. Then we ship.');
    expect(clean('Hmm... let me think.')).toBe('Let me think.');
  });

  it('keeps the sentence end that came after a filler', () => {
    expect(clean("That's it, um.")).toBe("That's it.");
    expect(clean('Is that right, uh?')).toBe('Is that right?');
    expect(clean('I went home, uh. Then I slept.')).toBe('I went home. Then I slept.');
  });

  it('drops a trailing comma with a filler at the end', () => {
    expect(clean('So I was like, um')).toBe('So I was like');
  });

  it('removes several fillers in a row', () => {
    expect(clean('Well, er, erm, okay.')).toBe('Well, okay.');
    expect(clean('um uh hello?')).toBe('hello?');
  });

  it('removes fillers between dashes and ellipses', () => {
    expect(clean('I mean - uh - this one.')).toBe('I mean this one.');
    expect(clean('We could... um... try again.')).toBe('We could try again.');
  });

  it('removes stretched spellings (TypeWhisper and Handy lists)', () => {
    expect(clean('this was ummm great')).toBe('this was great');
    expect(clean('Uhh, hmmm, mm, ahh, yes.')).toBe('Yes.');
    expect(clean('hello uhm')).toBe('hello');
  });

  it('keeps quotes and line breaks around a filler', () => {
    expect(clean('He said "Um, hello" to me.')).toBe('He said "Hello" to me.');
    expect(clean('First line.\nUm, second line.')).toBe('First line.\nSecond line.');
  });

  it('leaves nothing of a dictation that was only fillers', () => {
    expect(clean('Um.')).toBe('');
    expect(clean('Uh, um, hmm.')).toBe('');
  });

  it('reports what it removed', () => {
    const { changes } = removeFillers('So, um, I think, uh, yes.', { pattern: english });
    expect(changes).toEqual([
      { from: 'um', to: '' },
      { from: 'uh', to: '' },
    ]);
  });
});

describe('real words stay', () => {
  it('never cuts a filler out of a longer word', () => {
    const text = 'The umbrella by Uhura was hmmmph, erratic, summery and human; ahead of the hum.';
    expect(clean(text)).toBe(text);
  });

  it('keeps "err", "eh", "uh-huh" and "mhm"', () => {
    expect(clean('To err is human, eh?')).toBe('To err is human, eh?');
    expect(clean('Uh-huh, sure. Mhm.')).toBe('Uh-huh, sure. Mhm.');
  });

  it('keeps abbreviations written in capitals', () => {
    expect(clean('They took him to the ER right away.')).toBe('They took him to the ER right away.');
    expect(clean('She studies at UM.')).toBe('She studies at UM.');
  });

  it('leaves a text without fillers exactly as it was', () => {
    const text = '  Hello,  world!  ';
    expect(clean(text)).toBe(text);
  });
});

describe('per-language lists (Handy #941)', () => {
  it('keeps Portuguese "um", for which there is no list', () => {
    expect(fillerPatternFor('pt')).toBeNull();
    expect(removeFillers('Isto é um teste.', { pattern: fillerPatternFor('pt') }).text).toBe(
      'Isto é um teste.',
    );
  });

  it('removes French and German hesitations', () => {
    expect(removeFillers('Alors, euh, on y va.', { pattern: fillerPatternFor('fr') }).text).toBe(
      'Alors, on y va.',
    );
    expect(removeFillers('Ähm, das ist gut.', { pattern: fillerPatternFor('de') }).text).toBe('Das ist gut.');
  });
});

describe("the user's own fillers", () => {
  it('removes listed words and phrases as whole words', () => {
    expect(clean('It was, you know, fine.', ['you know'])).toBe('It was, fine.');
    expect(clean('You know, it works.', ['you know'])).toBe('It works.');
  });

  it('works with no built-in list', () => {
    expect(removeFillers('basically it works', { pattern: null, extra: ['basically'] }).text).toBe(
      'it works',
    );
  });
});
