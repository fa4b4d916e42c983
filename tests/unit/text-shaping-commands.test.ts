import { describe, expect, it } from 'vitest';
import { commandTableFor } from '../../src/shared/text-shaping/command-tables.js';
import { COMMON_WORDS_EN } from '../../src/shared/text-shaping/common-words-en.js';
import { applySpokenCommands } from '../../src/shared/text-shaping/spoken-commands.js';

const english = commandTableFor('en')!;
const say = (text: string) => applySpokenCommands(text, english, { common: COMMON_WORDS_EN }).text;

describe('spoken punctuation (VoiceInk #81)', () => {
  it('turns the example of the issue into punctuation and a paragraph', () => {
    expect(say('I like grapes comma apples comma and oranges period new paragraph they are good')).toBe(
      'I like grapes, apples, and oranges.\n\nThey are good',
    );
  });

  it('puts no period of its own before "new paragraph"', () => {
    expect(say('and oranges new paragraph they are good')).toBe('and oranges\n\nThey are good');
  });

  it('handles every mark of the English table', () => {
    expect(say('Is it ready question mark')).toBe('Is it ready?');
    expect(say('Wow exclamation mark')).toBe('Wow!');
    expect(say('Wow exclamation point')).toBe('Wow!');
    expect(say('the list colon apples semicolon pears full stop')).toBe('the list: apples; pears.');
    expect(say('the list colon apples semi colon pears period')).toBe('the list: apples; pears.');
  });
});

describe("whisper's own punctuation around command words", () => {
  it('drops the commas whisper writes at the pauses around "comma"', () => {
    expect(say('Hello, comma, world.')).toBe('Hello, world.');
    expect(say('hello, comma, world')).toBe('hello, world');
  });

  it('takes off the capital whisper put after the period it invented', () => {
    expect(say('Hello comma. World.')).toBe('Hello, world.');
    // A name keeps its capital.
    expect(say('Hello comma. Priya.')).toBe('Hello, Priya.');
  });

  it("replaces whisper's guess with the spoken mark", () => {
    expect(say('Is it done, question mark?')).toBe('Is it done?');
    expect(say('Is it done. Question mark.')).toBe('Is it done?');
    expect(say('Great. Exclamation point.')).toBe('Great!');
  });

  it('capitalises the word after a spoken sentence end', () => {
    expect(say('it works period then we ship')).toBe('it works. Then we ship');
  });

  it('reads "question, mark" and "New-line" as commands', () => {
    expect(say('Really question, mark')).toBe('Really?');
    expect(say('first New-line second')).toBe('first\nSecond');
  });
});

describe('line breaks', () => {
  it('keeps the sentence end whisper heard before "new line" (speaktype #71)', () => {
    expect(
      say("I'm testing this out to see what's working here. New line. And I'll see how we can break it."),
    ).toBe("I'm testing this out to see what's working here.\nAnd I'll see how we can break it.");
  });

  it('turns "full stop new line" and "question mark" into marks and a break', () => {
    expect(say('Testing this feature full stop new line. How do I ask a question question mark.')).toBe(
      'Testing this feature.\nHow do I ask a question?',
    );
  });

  it('keeps the comma of a letter greeting', () => {
    expect(say('Dear John, new line, thanks for the letter.')).toBe('Dear John,\nThanks for the letter.');
  });

  it('works at the very start and end of a dictation', () => {
    expect(say('new line hello')).toBe('\nHello');
    expect(say('hello new line')).toBe('hello\n');
    expect(say('newline')).toBe('\n');
  });
});

describe('quotes and brackets', () => {
  it('puts quotes around the quoted words', () => {
    expect(say('He said open quote hello close quote and left.')).toBe('He said "hello" and left.');
    expect(say('He said, open quote, hello, close quote.')).toBe('He said, "hello".');
  });

  it('puts parentheses and square brackets', () => {
    expect(say('Call me open paren maybe close paren tomorrow.')).toBe('Call me (maybe) tomorrow.');
    expect(say('see open parenthesis page two close parenthesis')).toBe('see (page two)');
    expect(say('the array open bracket zero close bracket')).toBe('the array [zero]');
  });
});

describe('scratch that', () => {
  it('drops everything said before it in the dictation', () => {
    expect(say('Send it tomorrow. Scratch that. Send it today.')).toBe('Send it today.');
    expect(say('send it tomorrow scratch that send it today')).toBe('send it today');
  });

  it('keeps the capital the dictation started with', () => {
    expect(say('Send it Monday, scratch that, send it Tuesday.')).toBe('Send it Tuesday.');
  });

  it('keeps only what follows the last one', () => {
    expect(say('one scratch that two scratch that three')).toBe('three');
  });

  it('can leave nothing', () => {
    expect(say('Never mind. Scratch that.')).toBe('');
  });

  it('reports what was dropped', () => {
    const { changes } = applySpokenCommands('Send it tomorrow. Scratch that. Today.', english, {
      common: COMMON_WORDS_EN,
    });
    expect(changes).toEqual([{ from: 'Send it tomorrow. Scratch that', to: '' }]);
  });
});

describe('words that only look like commands', () => {
  it('leaves command words inside other words or phrases alone', () => {
    expect(say('The periodic table has commas in it.')).toBe('The periodic table has commas in it.');
    expect(say('a question about the mark')).toBe('a question about the mark');
    expect(say('open the quote file')).toBe('open the quote file');
  });

  it('lists each change', () => {
    const { changes } = applySpokenCommands('Hello comma world period', english, { common: COMMON_WORDS_EN });
    expect(changes).toEqual([
      { from: 'comma', to: ',' },
      { from: 'period', to: '.' },
    ]);
  });
});

describe('other languages have their own table (VoiceInk #667)', () => {
  const french = commandTableFor('fr')!;
  const dis = (text: string) => applySpokenCommands(text, french, { common: new Set() }).text;

  it('breaks the line on "à la ligne", "nouvelle ligne" and "nouveau paragraphe"', () => {
    expect(dis('Bonjour à la ligne merci')).toBe('Bonjour\nMerci');
    expect(dis('Bonjour, nouvelle ligne. Merci.')).toBe('Bonjour,\nMerci.');
    expect(dis('Bonjour nouveau paragraphe merci')).toBe('Bonjour\n\nMerci');
  });

  it('reads multi-word marks with elisions and hyphens', () => {
    expect(dis("C'est vrai point d'interrogation")).toBe("C'est vrai?");
    expect(dis('la liste deux-points pommes point-virgule poires point final')).toBe(
      'la liste: pommes; poires.',
    );
  });

  it('leaves English command words alone in French, and has no table for others', () => {
    expect(dis('Hello comma world')).toBe('Hello comma world');
    expect(commandTableFor('pt')).toBeNull();
  });
});
