import { describe, expect, it } from 'vitest';
import { parseRules } from '../../src/shared/text-shaping/parse-rules.js';
import { defaultRules, TextRules } from '../../src/shared/text-shaping/rules-schema.js';

const ISSUE_EXAMPLE = {
  words: ['Kubernetes', 'Postgres'],
  replacements: [{ from: 'my email', to: 'a@example.org' }],
  commands: true,
  fillers: true,
  profiles: [{ app: 'xterm', paste: 'ctrl+shift+v', after: 'enter' }],
};

describe('a valid rules file', () => {
  it('reads the example of the issue, with defaults for the rest', () => {
    const { rules, problems } = parseRules(JSON.stringify(ISSUE_EXAMPLE));
    expect(problems).toEqual([]);
    expect(rules).toEqual({
      ...defaultRules(),
      words: ['Kubernetes', 'Postgres'],
      replacements: [
        { from: 'my email', to: 'a@example.org', regex: false, caseSensitive: false, enabled: true },
      ],
      profiles: [{ app: 'xterm', paste: 'ctrl+shift+v', after: 'enter' }],
    });
    expect(TextRules.safeParse(rules).success).toBe(true);
  });

  it('reads every setting a profile can have', () => {
    const profile = {
      app: 'org.mozilla.firefox',
      name: 'Browser',
      paste: 'type',
      after: 'ctrl+enter',
      language: 'fr',
      words: ['Zod'],
      rules: false,
      trailingSpace: false,
      commands: false,
      fillers: true,
      vocabulary: false,
      replace: true,
      spacing: false,
    };
    expect(parseRules({ profiles: [profile] })).toEqual({
      rules: { ...defaultRules(), profiles: [profile] },
      problems: [],
    });
  });

  it('turns steps off and reads the language and tolerance', () => {
    const { rules, problems } = parseRules({
      vocabulary: false,
      spacing: false,
      language: 'de',
      wordsTolerance: 0.1,
    });
    expect(problems).toEqual([]);
    expect(rules).toMatchObject({
      vocabulary: false,
      spacing: false,
      language: 'de',
      wordsTolerance: 0.1,
      commands: true,
    });
  });

  it('gives a round trip: what it returns reads back the same', () => {
    const { rules } = parseRules(ISSUE_EXAMPLE);
    expect(parseRules(JSON.stringify(rules))).toEqual({ rules, problems: [] });
  });

  it('hands out fresh defaults each time', () => {
    const first = parseRules({}).rules;
    first.words.push('changed');
    expect(parseRules({}).rules.words).toEqual([]);
  });
});

describe('a bad entry is refused with its position and reason; the rest still works', () => {
  it('refuses bad words and keeps the good ones', () => {
    const { rules, problems } = parseRules({
      words: ['Kubernetes', '', 42, 'kubernetes', '!!!', 'one two three four five six'],
    });
    expect(rules.words).toEqual(['Kubernetes']);
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'words[1]: empty word',
      'words[2]: Invalid input: expected string, received number',
      'words[3]: listed twice (also words[0])',
      'words[4]: has no letters or digits',
      'words[5]: more than 5 words: list a name or a term, not a sentence',
    ]);
  });

  it('drops a bad profile field but keeps the profile', () => {
    const { rules, problems } = parseRules({
      profiles: [{ app: 'xterm', paste: 'ctrl-v', after: 'enter', words: ['', 'Zod'] }],
    });
    expect(rules.profiles).toEqual([{ app: 'xterm', after: 'enter', words: ['Zod'] }]);
    expect(problems).toEqual([
      {
        path: 'profiles[0].paste',
        message: '"ctrl-v" is not allowed: use one of ctrl+v, ctrl+shift+v, shift+insert, type, copy-only',
      },
      { path: 'profiles[0].words[0]', message: 'empty word' },
    ]);
  });

  it('refuses a profile without an app, and a second one for the same app', () => {
    const { rules, problems } = parseRules({
      profiles: [{ paste: 'type' }, { app: 'XTerm', after: 'enter' }, { app: 'xterm', after: 'none' }],
    });
    expect(rules.profiles).toEqual([{ app: 'XTerm', after: 'enter' }]);
    expect(problems).toEqual([
      { path: 'profiles[0]', message: 'has no "app": which application is it for?' },
      { path: 'profiles[2]', message: 'a second profile for "xterm" (see profiles[1])' },
    ]);
  });

  it('keeps the default of a bad setting and says so', () => {
    const { rules, problems } = parseRules({
      commands: 'yes',
      language: 'English',
      wordsTolerance: 2,
      fillers: false,
    });
    expect(rules).toMatchObject({ commands: true, language: 'auto', wordsTolerance: 0.3, fillers: false });
    expect(problems.map((p) => p.path)).toEqual(['commands', 'language', 'wordsTolerance']);
  });

  it('reports unknown keys, a misspelt list for instance', () => {
    const { rules, problems } = parseRules({
      replacments: [],
      words: ['Zod'],
      profiles: [{ app: 'x', pasted: 'type' }],
    });
    expect(rules.words).toEqual(['Zod']);
    expect(problems).toEqual([
      { path: 'replacments', message: 'unknown setting, ignored' },
      { path: 'profiles[0].pasted', message: 'unknown setting, ignored' },
    ]);
  });

  it('says what is wrong with a list that is not a list', () => {
    const { problems } = parseRules({ words: 'Kubernetes', replacements: {}, profiles: null });
    expect(problems.map((p) => p.path)).toEqual(['words', 'replacements', 'profiles']);
  });

  it('falls back to the defaults for text that is not JSON or not an object', () => {
    const broken = parseRules('{"words": [');
    expect(broken.rules).toEqual(defaultRules());
    expect(broken.problems).toEqual([{ path: '', message: expect.stringMatching(/^not valid JSON/) }]);
    expect(parseRules('[1, 2]').problems).toEqual([
      { path: '', message: 'the rules must be a JSON object: {"words": [...], ...}' },
    ]);
  });
});
