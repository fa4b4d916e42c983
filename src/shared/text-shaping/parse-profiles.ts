import { parseWordList } from './parse-word-list.js';
import {
  isPlainObject,
  joinPath,
  problemFromZod,
  unknownKeyProblems,
  type RuleProblem,
} from './rule-problems.js';
import { PASTE_METHODS, AFTER_PASTE_KEYS, Profile } from './rules-schema.js';

const FIELDS = Profile.shape;
type Field = keyof typeof FIELDS;
const KNOWN_KEYS = Object.keys(FIELDS) as Field[];

/** Messages that name the allowed values; zod's own would list them in its own syntax. */
const FIELD_HINTS: Partial<Record<Field, string>> = {
  paste: `use one of ${PASTE_METHODS.join(', ')}`,
  after: `use one of ${AFTER_PASTE_KEYS.join(', ')}`,
};

/**
 * One profile: a profile without a usable app is refused whole; a bad field is dropped (that setting
 * falls back to the default) and the rest of the profile is kept.
 */
function parseProfile(entry: unknown, path: string): { profile: Profile | null; problems: RuleProblem[] } {
  if (!isPlainObject(entry)) {
    return { profile: null, problems: [{ path, message: 'must be an object such as {"app": "xterm"}' }] };
  }
  const app = FIELDS.app.safeParse(entry.app);
  if (!app.success) {
    const message = entry.app === undefined ? 'has no "app": which application is it for?' : undefined;
    const problem = problemFromZod(joinPath(path, 'app'), app.error);
    return { profile: null, problems: [message ? { path, message } : problem] };
  }
  const problems = unknownKeyProblems(path, entry, KNOWN_KEYS);
  const profile: Record<string, unknown> = { app: app.data };
  for (const field of KNOWN_KEYS) {
    if (field === 'app' || entry[field] === undefined) continue;
    const fieldPath = joinPath(path, field);
    if (field === 'words') {
      const list = parseWordList(entry.words, fieldPath);
      problems.push(...list.problems);
      profile.words = list.words;
      continue;
    }
    const parsed = FIELDS[field].safeParse(entry[field]);
    if (parsed.success) profile[field] = parsed.data;
    else {
      const hint = FIELD_HINTS[field];
      problems.push(
        hint
          ? { path: fieldPath, message: `${JSON.stringify(entry[field])} is not allowed: ${hint}` }
          : problemFromZod(fieldPath, parsed.error),
      );
    }
  }
  return { profile: Profile.parse(profile), problems };
}

/** The usable profiles, in order; a second profile for the same app is refused. */
export function parseProfiles(
  value: unknown,
  base = 'profiles',
): { profiles: Profile[]; problems: RuleProblem[] } {
  if (!Array.isArray(value)) {
    return { profiles: [], problems: [{ path: base, message: 'must be a list of {"app": ...}' }] };
  }
  const profiles: Profile[] = [];
  const problems: RuleProblem[] = [];
  const firstAt = new Map<string, number>();
  value.forEach((entry: unknown, index) => {
    const path = joinPath(base, index);
    const parsed = parseProfile(entry, path);
    problems.push(...parsed.problems);
    if (!parsed.profile) return;
    const key = parsed.profile.app.toLowerCase();
    const earlier = firstAt.get(key);
    if (earlier !== undefined) {
      problems.push({
        path,
        message: `a second profile for "${parsed.profile.app}" (see ${base}[${earlier}])`,
      });
      return;
    }
    firstAt.set(key, index);
    profiles.push(parsed.profile);
  });
  return { profiles, problems };
}
