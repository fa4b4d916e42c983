import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/shared/text-shaping/parse-rules.js';
import { defaultRules, type TextRules } from '../../src/shared/text-shaping/rules-schema.js';
import { shapeText } from '../../src/shared/text-shaping/shape-text.js';

const SIGNATURE = 'Best regards,\nAna Lima';
const RULES = parseRules({
  words: ['Kubernetes', 'Postgres', 'GitHub'],
  replacements: [
    { from: 'my email', to: 'ana@example.org' },
    { from: 'sig', to: SIGNATURE },
  ],
}).rules;
const rules = (changes: Partial<TextRules> = {}): TextRules => ({ ...RULES, ...changes });

describe('the whole pipeline', () => {
  it('runs commands, fillers, vocabulary, replacements and spacing in that order', () => {
    const result = shapeText(
      ' Um, so we deploy on cube or netties comma and store the data in post gress period new line thanks comma new line sig',
      RULES,
      { previous: '' },
    );
    expect(result.text).toBe(
      `So we deploy on Kubernetes, and store the data in Postgres.\nThanks,\n${SIGNATURE}`,
    );
    expect(result.steps.map((step) => [step.step, step.status])).toEqual([
      ['commands', 'changed'],
      ['fillers', 'changed'],
      ['vocabulary', 'changed'],
      ['replace', 'changed'],
      ['spacing', 'changed'],
    ]);
    expect(result.steps[2]!.changes).toEqual([
      { from: 'cube or netties', to: 'Kubernetes' },
      { from: 'post gress', to: 'Postgres' },
    ]);
    expect(result).toMatchObject({ fallback: null, emptyBecause: null, eraseBefore: 0 });
  });

  it('handles whisper punctuation around commands with a filler in between', () => {
    expect(shapeText('Hello, comma, um, world.', RULES).text).toBe('Hello, world.');
  });

  it("keeps each step's input and output for the preview", () => {
    const [commands] = shapeText('Yes period', RULES).steps;
    expect(commands).toEqual({
      step: 'commands',
      status: 'changed',
      before: 'Yes period',
      after: 'Yes.',
      changes: [{ from: 'period', to: '.' }],
    });
  });

  it('joins the previous dictation in the same field', () => {
    expect(shapeText(' The store.', RULES, { previous: 'I went to' }).text).toBe(' the store.');
    expect(shapeText(' then we ship.', RULES, { previous: 'It works.', trailingSpace: true }).text).toBe(
      ' Then we ship. ',
    );
    expect(shapeText('comma pears', RULES, { previous: 'apples ' })).toMatchObject({
      text: ', pears',
      eraseBefore: 1,
    });
  });

  it('delivers a spoken line break', () => {
    expect(shapeText('New line.', RULES, { previous: 'Done.' }).text).toBe('\n');
  });

  it('gives the same text when shaping its own result again', () => {
    for (const raw of [
      'Um, so we use git hub comma okay.',
      'Send it to my email.',
      'Hello comma world period',
    ]) {
      const once = shapeText(raw, RULES).text;
      expect(shapeText(once, RULES).text).toBe(once);
    }
  });
});

describe('each step can be turned off', () => {
  it('leaves command words as words when commands are off', () => {
    expect(shapeText('Hello comma world new line', rules({ commands: false })).text).toBe(
      'Hello comma world new line',
    );
  });

  it('keeps fillers, listed-word look-alikes or replacement phrases when their step is off', () => {
    expect(shapeText('Um, hello.', rules({ fillers: false })).text).toBe('Um, hello.');
    expect(shapeText('on git hub', rules({ vocabulary: false })).text).toBe('on git hub');
    expect(shapeText('my email', rules({ replace: false })).text).toBe('my email');
  });

  it('delivers the text untouched by spacing when spacing is off', () => {
    const result = shapeText(' The store.', rules({ spacing: false }), {
      previous: 'I went to',
      trailingSpace: true,
    });
    expect(result.text).toBe(' The store.');
    expect(result.steps.at(-1)).toMatchObject({ step: 'spacing', status: 'off' });
  });

  it('runs nothing with everything off', () => {
    const off = rules({ commands: false, fillers: false, vocabulary: false, replace: false, spacing: false });
    const raw = ' Um, cube or netties comma my email ';
    const result = shapeText(raw, off, { previous: '' });
    expect(result.text).toBe(raw);
    expect(result.steps.every((step) => step.status === 'off')).toBe(true);
  });
});

describe('rules never lose the words (the guarantee)', () => {
  it('falls back to the raw text when a replacement leaves nothing, and says why', () => {
    const wipe = rules({
      replacements: [{ from: 'hello world', to: '', regex: false, caseSensitive: false, enabled: true }],
    });
    const result = shapeText('Hello world', wipe, { previous: '' });
    expect(result.text).toBe('Hello world');
    expect(result.fallback).toMatch(/the replace step left nothing/);
    expect(result.emptyBecause).toBeNull();
  });

  it('falls back when a regular expression deletes everything', () => {
    const wipe = rules({
      replacements: [{ from: '[\\s\\S]+', to: ' ', regex: true, caseSensitive: false, enabled: true }],
    });
    expect(shapeText('Important words.', wipe)).toMatchObject({
      text: 'Important words.',
      fallback: expect.any(String),
    });
  });

  it('delivers nothing, on purpose, when everything said was commands or fillers', () => {
    expect(shapeText('Um, uh.', RULES)).toMatchObject({ text: '', emptyBecause: 'fillers', fallback: null });
    expect(shapeText('Scratch that.', RULES)).toMatchObject({
      text: '',
      emptyBecause: 'commands',
      fallback: null,
    });
    expect(shapeText('Never mind, scratch that.', RULES)).toMatchObject({
      text: '',
      emptyBecause: 'commands',
    });
    expect(shapeText('  ', RULES, { trailingSpace: true })).toMatchObject({
      text: '',
      emptyBecause: 'no-speech',
    });
  });

  it('skips a step that fails and still delivers', () => {
    const broken = rules({ words: [null as unknown as string] });
    const result = shapeText('Um, hello comma world.', broken);
    expect(result.text).toBe('Hello, world.');
    expect(result.steps.find((step) => step.step === 'vocabulary')).toMatchObject({ status: 'failed' });
  });
});

describe('languages', () => {
  it('uses the language whisper recognised when the rules say auto (VoiceInk #667)', () => {
    expect(shapeText('Bonjour à la ligne merci', defaultRules(), { language: 'fr' }).text).toBe(
      'Bonjour\nMerci',
    );
  });

  it('keeps every word of a language without tables, and says so (Handy #941)', () => {
    const result = shapeText('Isto é um teste comma ok', defaultRules(), { language: 'pt' });
    expect(result.text).toBe('Isto é um teste comma ok');
    expect(result.steps[0]).toMatchObject({ status: 'unsupported', note: 'no spoken commands for "pt"' });
    expect(result.steps[1]).toMatchObject({ status: 'unsupported', note: 'no filler words for "pt"' });
  });

  it('follows a language set in the rules over the recognised one', () => {
    expect(shapeText('Hello comma world', rules({ language: 'en' }), { language: 'fr' }).text).toBe(
      'Hello, world',
    );
  });
});
