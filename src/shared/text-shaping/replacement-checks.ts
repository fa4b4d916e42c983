import { fixedOutput, ruleMatches, type RulePattern } from './replacement-pattern.js';
import type { Replacement } from './rules-schema.js';

/** A replacement that passed its own checks, with its compiled pattern and its place in the file. */
export interface CheckedReplacement {
  rule: Replacement;
  pattern: RulePattern;
  index: number;
}

function isCaseFix(rule: Replacement): boolean {
  return !rule.regex && rule.to.trim().toLowerCase() === rule.from.trim().toLowerCase();
}

function samePhrase(a: Replacement, b: Replacement): boolean {
  const fold = (rule: Replacement) =>
    rule.caseSensitive ? rule.from.replace(/\s+/g, ' ') : rule.from.toLowerCase().replace(/\s+/g, ' ');
  return a.regex === b.regex && a.caseSensitive === b.caseSensitive && fold(a) === fold(b);
}

/** Whether one rule's text is matched by another's pattern; remembered, since cycles ask often. */
const feedsMemo = new WeakMap<CheckedReplacement, WeakMap<CheckedReplacement, boolean>>();

function feeds(from: CheckedReplacement, into: CheckedReplacement): boolean {
  let known = feedsMemo.get(from);
  if (!known) feedsMemo.set(from, (known = new WeakMap()));
  let answer = known.get(into);
  if (answer === undefined) {
    const output = fixedOutput(from.rule);
    // A plain phrase can only match text that holds its first word: a cheap test before the pattern.
    const fold = (text: string) => text.toLowerCase().replace(/’/g, "'");
    const firstWord = fold(into.rule.from.trim().split(/\s+/)[0]!);
    answer = (into.rule.regex || fold(output).includes(firstWord)) && ruleMatches(into.pattern, output);
    known.set(into, answer);
  }
  return answer;
}

/** A path of rules from start back to start (start excluded at the end), or null. */
function cycleThrough(
  start: CheckedReplacement,
  others: readonly CheckedReplacement[],
): CheckedReplacement[] | null {
  const seen = new Set<CheckedReplacement>();
  const walk = (at: CheckedReplacement, path: CheckedReplacement[]): CheckedReplacement[] | null => {
    if (at !== start && feeds(at, start)) return path;
    for (const next of others) {
      if (next === at || seen.has(next) || !feeds(at, next)) continue;
      seen.add(next);
      const found = walk(next, [...path, next]);
      if (found) return found;
    }
    return null;
  };
  return walk(start, [start]);
}

/**
 * Why a replacement cannot join the ones accepted before it, or null. Shaping the same text twice (a
 * preview, re-shaping a history entry) must give the same result, so a rule whose text contains its
 * own phrase, or rules that turn each other's text back, are refused.
 */
export function replacementConflict(
  candidate: CheckedReplacement,
  accepted: readonly CheckedReplacement[],
): string | null {
  const twin = accepted.find((other) => samePhrase(other.rule, candidate.rule));
  if (twin) return `the same phrase as replacements[${twin.index}]`;
  if (!isCaseFix(candidate.rule) && ruleMatches(candidate.pattern, fixedOutput(candidate.rule))) {
    return `expands into itself: its text contains "${candidate.rule.from}" again`;
  }
  if (!candidate.rule.enabled) return null;
  const cycle = cycleThrough(
    candidate,
    accepted.filter((other) => other.rule.enabled),
  );
  if (!cycle) return null;
  const steps = [...cycle, candidate].map((entry) => `"${entry.rule.from}"`).join(' -> ');
  const others = cycle.slice(1).map((entry) => `replacements[${entry.index}]`);
  return `forms a cycle with ${others.join(', ')}: ${steps}`;
}
