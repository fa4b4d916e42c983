import { parseProfiles } from './parse-profiles.js';
import { parseReplacements } from './parse-replacements.js';
import { parseWordList } from './parse-word-list.js';
import { isPlainObject, problemFromZod, unknownKeyProblems, type RuleProblem } from './rule-problems.js';
import { defaultRules, TextRules } from './rules-schema.js';

export interface ParsedRules {
  /** Every valid entry of the input, with defaults where a setting was missing or refused. */
  rules: TextRules;
  problems: RuleProblem[];
}

const LIST_KEYS = ['words', 'extraFillers', 'replacements', 'profiles'] as const;
const SCALAR_KEYS = (Object.keys(TextRules.shape) as (keyof TextRules)[]).filter(
  (key) => !(LIST_KEYS as readonly string[]).includes(key),
);

/**
 * Reads a rules file (its JSON text, or the value JSON.parse gave) entry by entry: a bad entry is
 * left out with its position and the reason, and everything else is kept.
 */
export function parseRules(input: unknown): ParsedRules {
  const rules = defaultRules();
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch (error) {
      return { rules, problems: [{ path: '', message: `not valid JSON: ${(error as Error).message}` }] };
    }
  }
  if (!isPlainObject(value)) {
    return {
      rules,
      problems: [{ path: '', message: 'the rules must be a JSON object: {"words": [...], ...}' }],
    };
  }
  const problems: RuleProblem[] = unknownKeyProblems('', value, Object.keys(TextRules.shape));
  const scalars: Record<string, unknown> = {};
  for (const key of SCALAR_KEYS) {
    if (value[key] === undefined) continue;
    const parsed = TextRules.shape[key].safeParse(value[key]);
    if (parsed.success) scalars[key] = parsed.data;
    else problems.push(problemFromZod(key, parsed.error));
  }
  Object.assign(rules, scalars);

  const lists = {
    words: value.words === undefined ? null : parseWordList(value.words, 'words'),
    extraFillers: value.extraFillers === undefined ? null : parseWordList(value.extraFillers, 'extraFillers'),
    replacements: value.replacements === undefined ? null : parseReplacements(value.replacements),
    profiles: value.profiles === undefined ? null : parseProfiles(value.profiles),
  };
  if (lists.words) rules.words = lists.words.words;
  if (lists.extraFillers) rules.extraFillers = lists.extraFillers.words;
  if (lists.replacements) rules.replacements = lists.replacements.replacements;
  if (lists.profiles) rules.profiles = lists.profiles.profiles;
  for (const list of Object.values(lists)) if (list) problems.push(...list.problems);
  return { rules, problems };
}
