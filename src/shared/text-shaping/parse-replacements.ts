import { regexProblem } from './regex-safety.js';
import { replacementConflict, type CheckedReplacement } from './replacement-checks.js';
import { compileReplacement, patternFlags } from './replacement-pattern.js';
import {
  isPlainObject,
  joinPath,
  problemFromZod,
  unknownKeyProblems,
  type RuleProblem,
} from './rule-problems.js';
import { Replacement } from './rules-schema.js';

const KNOWN_KEYS = Object.keys(Replacement.shape);

/** The valid replacements of a rules file, in order, and a problem for each one refused. */
export function parseReplacements(
  value: unknown,
  base = 'replacements',
): {
  replacements: Replacement[];
  problems: RuleProblem[];
} {
  const problems: RuleProblem[] = [];
  if (!Array.isArray(value)) {
    return { replacements: [], problems: [{ path: base, message: 'must be a list of {"from", "to"}' }] };
  }
  const accepted: CheckedReplacement[] = [];
  value.forEach((entry: unknown, index) => {
    const path = joinPath(base, index);
    if (!isPlainObject(entry)) {
      problems.push({ path, message: 'must be an object such as {"from": "my email", "to": "..."}' });
      return;
    }
    problems.push(...unknownKeyProblems(path, entry, KNOWN_KEYS));
    const parsed = Replacement.safeParse(entry);
    if (!parsed.success) {
      problems.push(problemFromZod(path, parsed.error));
      return;
    }
    const rule = parsed.data;
    if (rule.regex) {
      const reason = regexProblem(rule.from, patternFlags(rule));
      if (reason) {
        problems.push({ path: joinPath(path, 'from'), message: reason });
        return;
      }
    }
    const checked = { rule, pattern: compileReplacement(rule), index };
    const conflict = replacementConflict(checked, accepted);
    if (conflict) {
      problems.push({ path, message: conflict });
      return;
    }
    accepted.push(checked);
  });
  return { replacements: accepted.map((entry) => entry.rule), problems };
}
