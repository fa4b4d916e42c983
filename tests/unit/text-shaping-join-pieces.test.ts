import { describe, expect, it } from 'vitest';
import { joinPieces } from '../../src/shared/text-shaping/join-pieces.js';

describe('joining the pieces of one dictation', () => {
  it('keeps sentences that whisper ended at a pause', () => {
    expect(
      joinPieces([' So I was thinking about the project.', ' And I think we should use Postgres.']),
    ).toBe('So I was thinking about the project. And I think we should use Postgres.');
    expect(joinPieces(['Is it ready?', 'Yes, it is.'])).toBe('Is it ready? Yes, it is.');
  });

  it('lower-cases a piece that continues a sentence without end punctuation', () => {
    expect(joinPieces(['We should call', 'The client tomorrow.'])).toBe(
      'We should call the client tomorrow.',
    );
    expect(joinPieces(['Hello,', 'World.'])).toBe('Hello, world.');
    expect(joinPieces(['First we build it,', 'Then we test it.'])).toBe(
      'First we build it, then we test it.',
    );
  });

  it('keeps the capital of names, "I" and listed words', () => {
    expect(joinPieces(['The meeting is on', 'Tuesday at three.'])).toBe(
      'The meeting is on Tuesday at three.',
    );
    expect(joinPieces(['and then', "I'll send it."])).toBe("and then I'll send it.");
    expect(joinPieces(['We deploy with', 'Helm charts.'], { words: ['Helm'] })).toBe(
      'We deploy with Helm charts.',
    );
    expect(joinPieces(['We moved to', 'Go last year.'], { words: ['Go'] })).toBe('We moved to Go last year.');
  });

  it("takes off whisper's period when the sentence obviously goes on", () => {
    expect(joinPieces(['I went to the.', 'Store to buy milk.'])).toBe('I went to the store to buy milk.');
    expect(joinPieces(['I bought a pair of.', 'Shoes and a bag.'])).toBe(
      'I bought a pair of shoes and a bag.',
    );
    expect(joinPieces(['We need milk and.', 'Bread.'])).toBe('We need milk and bread.');
    expect(joinPieces(['I went to the store.', 'and bought milk.'])).toBe(
      'I went to the store and bought milk.',
    );
  });

  it('keeps a period that may really end the sentence', () => {
    expect(joinPieces(['I like that.', 'The rest is fine.'])).toBe('I like that. The rest is fine.');
    expect(joinPieces(['I would love to.', 'Thanks for asking.'])).toBe(
      'I would love to. Thanks for asking.',
    );
  });

  it('keeps abbreviation periods', () => {
    expect(joinPieces(['Apples, pears, etc.', 'and more.'])).toBe('Apples, pears, etc. and more.');
    expect(joinPieces(['I saw Dr.', 'Smith today.'])).toBe('I saw Dr. Smith today.');
  });

  it("runs on across whisper's ellipsis at a pause", () => {
    expect(joinPieces(['I think that...', '...We should go.'])).toBe('I think that... we should go.');
    expect(joinPieces(['So...', 'Maybe not.'])).toBe('So... Maybe not.');
  });

  it("skips empty pieces and trims whisper's leading spaces", () => {
    expect(joinPieces(['', '  Hello.', '   ', ' How are you?'])).toBe('Hello. How are you?');
    expect(joinPieces([])).toBe('');
    expect(joinPieces(['...', 'Hello.', '.'])).toBe('Hello.');
  });

  it('joins Chinese and Japanese pieces without spaces', () => {
    expect(joinPieces(['我们今天', '去公园。'])).toBe('我们今天去公园。');
    expect(joinPieces(['今日は', 'いい天気です。'])).toBe('今日はいい天気です。');
  });

  it('leaves the first piece as whisper wrote it', () => {
    expect(joinPieces(['and so it begins.'])).toBe('and so it begins.');
  });

  it('takes no capital off words of a language without a list', () => {
    expect(joinPieces(['Wir treffen uns', 'Morgen im Büro.'], { language: 'de' })).toBe(
      'Wir treffen uns Morgen im Büro.',
    );
  });
});
