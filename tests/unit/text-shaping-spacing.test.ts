import { describe, expect, it } from 'vitest';
import { COMMON_WORDS_EN } from '../../src/shared/text-shaping/common-words-en.js';
import { fitToField, tidySpaces, type FieldContext } from '../../src/shared/text-shaping/fit-to-field.js';
import { landingAfter } from '../../src/shared/text-shaping/join-boundary.js';
import { lowerFirstWord, upperFirstWord } from '../../src/shared/text-shaping/letter-case.js';

const options = { common: COMMON_WORDS_EN, terms: ['iPhone', 'npm'] };
const fit = (text: string, context: FieldContext, language = 'en') =>
  fitToField(text, context, { ...options, language });

describe('where the text lands', () => {
  it.each([
    [null, 'unknown'],
    ['', 'sentence'],
    ['   ', 'sentence'],
    ['Done.', 'sentence'],
    ['Really?  ', 'sentence'],
    ['He said "stop."', 'sentence'],
    ['(see above.)', 'sentence'],
    ['First line\n', 'sentence'],
    ['I went to the', 'continuation'],
    ['apples, ', 'continuation'],
    ['He said "hi"', 'continuation'],
    ['Call me (', 'opening'],
    ['He said "', 'opening'],
  ] as const)('after %j: %s', (previous, landing) => {
    expect(landingAfter(previous)).toBe(landing);
  });
});

describe('joining the previous dictation in the same field', () => {
  it('capitalises after a sentence end and adds one space', () => {
    expect(fit('then we ship.', { previous: 'It works.' }).text).toBe(' Then we ship.');
    expect(fit('then we ship.', { previous: 'It works. ' }).text).toBe('Then we ship.');
  });

  it('lower-cases whisper\'s capital mid-sentence, but not names, "I" or listed words', () => {
    expect(fit('The store.', { previous: 'I went to' }).text).toBe(' the store.');
    expect(fit('Paris is nice.', { previous: 'I think' }).text).toBe(' Paris is nice.');
    expect(fit("I'm sure.", { previous: 'and' }).text).toBe(" I'm sure.");
    expect(fit('NASA called.', { previous: 'and' }).text).toBe(' NASA called.');
  });

  it('puts no space before punctuation and asks to erase the space the field ends with', () => {
    expect(fit(', and then', { previous: 'apples' })).toMatchObject({ text: ', and then', eraseBefore: 0 });
    expect(fit(', and then', { previous: 'apples ' })).toMatchObject({ text: ', and then', eraseBefore: 1 });
    expect(fit('?', { previous: 'Really  ' })).toMatchObject({ text: '?', eraseBefore: 2 });
  });

  it('starts an empty field with a capital and no space', () => {
    expect(fit('hello there', { previous: '' }).text).toBe('Hello there');
  });

  it('capitalises at the start of a line, without a space', () => {
    expect(fit('second line', { previous: 'First line\n' }).text).toBe('Second line');
  });

  it('puts no space after an opening bracket or quote', () => {
    expect(fit('maybe)', { previous: 'Call me (' }).text).toBe('maybe)');
  });

  it('keeps text that begins with a line break as it is', () => {
    expect(fit('\nnext', { previous: 'Last line.' }).text).toBe('\nNext');
  });

  it('leaves the case alone when nothing is known about the field', () => {
    expect(fit('The store.', {}).text).toBe('The store.');
    expect(fit('hello', { previous: null }).text).toBe('hello');
  });

  it('keeps the case of addresses, paths and listed words at a sentence start', () => {
    expect(fit('a@example.org is mine', { previous: '' }).text).toBe('a@example.org is mine');
    expect(fit('iPhone sales', { previous: 'Done.' }).text).toBe(' iPhone sales');
    expect(fit('npm install', { previous: '' }).text).toBe('npm install');
    expect(fit('src/main is big', { previous: '' }).text).toBe('src/main is big');
  });

  it('uses no space between Chinese or Japanese text', () => {
    expect(fit('去公园。', { previous: '我们今天' }).text).toBe('去公园。');
  });

  it('keeps the space French puts before ? and !', () => {
    expect(fit('! Merci', { previous: 'Bonjour' }, 'fr').text).toBe(' ! Merci');
    expect(fit(', merci', { previous: 'Bonjour ' }, 'fr').eraseBefore).toBe(1);
  });
});

describe('trailing space and tidy spaces', () => {
  it('adds the trailing space when asked, but not after a line break', () => {
    expect(fit('Hello.', { previous: '', trailingSpace: true }).text).toBe('Hello. ');
    expect(fit('Hello\n', { previous: '', trailingSpace: true }).text).toBe('Hello\n');
    expect(fit('Hello.', { previous: '', trailingSpace: false }).text).toBe('Hello.');
  });

  it('removes double spaces, spaces before punctuation and around the ends', () => {
    expect(tidySpaces('  Hello  world ,  again .  ', 'en')).toBe('Hello world, again.');
    expect(tidySpaces('end of line   \nnext', 'en')).toBe('end of line\nnext');
  });

  it('keeps indentation after a line break (a snippet)', () => {
    expect(tidySpaces('Items:\n  - one\n  - two', 'en')).toBe('Items:\n  - one\n  - two');
  });

  it('delivers nothing for blank text', () => {
    expect(fit('   ', { previous: 'x', trailingSpace: true })).toEqual({
      text: '',
      changes: [],
      eraseBefore: 0,
    });
  });

  it('reports a change of case', () => {
    expect(fit('The store.', { previous: 'I went to' }).changes).toEqual([{ from: 'The', to: 'the' }]);
  });
});

describe('first-word case helpers', () => {
  it('upper-cases the first letter after leading marks', () => {
    expect(upperFirstWord('"hello"')).toBe('"Hello"');
    expect(upperFirstWord('éclair')).toBe('Éclair');
    expect(upperFirstWord('e.g. this')).toBe('e.g. this');
  });

  it('lower-cases only capitalised everyday words', () => {
    expect(lowerFirstWord('The end', COMMON_WORDS_EN)).toBe('the end');
    expect(lowerFirstWord('THE END', COMMON_WORDS_EN)).toBe('THE END');
    expect(lowerFirstWord("I'll go", COMMON_WORDS_EN)).toBe("I'll go");
    expect(lowerFirstWord('Tuesday then', COMMON_WORDS_EN)).toBe('Tuesday then');
    expect(lowerFirstWord('3 Apples', COMMON_WORDS_EN)).toBe('3 Apples');
  });
});
