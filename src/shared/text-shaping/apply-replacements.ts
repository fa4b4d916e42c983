import { upperFirstWord } from './letter-case.js';
import { compileReplacement, findMatches, type RulePattern } from './replacement-pattern.js';
import type { Replacement } from './rules-schema.js';
import type { StepOutput, TextChange } from './step-result.js';

/** $1, $<name>, $& and $$ in a regex rule's text, as String.replace would expand them. */
function expandGroups(template: string, match: RegExpExecArray): string {
  return template.replace(/\$(\$|&|\d{1,2}|<([^>]*)>)/g, (whole, token: string, name?: string) => {
    if (token === '$') return '$';
    if (token === '&') return match[0];
    if (name !== undefined) return match.groups?.[name] ?? '';
    const index = Number(token);
    return index >= 1 && index < match.length ? (match[index] ?? '') : whole;
  });
}

/**
 * A lower-case text takes the capital of the words it replaces ("Wheels are" -> "Views are"), as in
 * OpenWhispr; a text with capitals of its own ("GitHub") or an address stays as written.
 */
function followCapital(rule: Replacement, matched: string): string {
  const capitalised = /^\p{Lu}\p{Ll}/u.test(matched);
  return !rule.caseSensitive && capitalised && rule.to === rule.to.toLowerCase()
    ? upperFirstWord(rule.to)
    : rule.to;
}

function compiled(rule: Replacement): RulePattern | null {
  try {
    return compileReplacement(rule);
  } catch {
    // parseRules refuses bad patterns; rules built by hand may still carry one. Skip it.
    return null;
  }
}

/**
 * Applies the user's replacements in list order, each once over the text; a later rule sees what an
 * earlier one wrote. A phrase matches whole words in any case ("My email," finds "my email"); the text
 * it becomes is inserted as written, line breaks included ("sig" -> a signature).
 */
export function applyReplacements(text: string, rules: readonly Replacement[]): StepOutput {
  const changes: TextChange[] = [];
  let out = text;
  for (const rule of rules) {
    const pattern = rule.enabled ? compiled(rule) : null;
    if (!pattern) continue;
    let result = '';
    let last = 0;
    for (const match of findMatches(pattern, out)) {
      const to = rule.regex ? expandGroups(rule.to, match) : followCapital(rule, match[0]);
      changes.push({ from: match[0], to });
      result += out.slice(last, match.index) + to;
      last = match.index + match[0].length;
    }
    out = result + out.slice(last);
  }
  return { text: out, changes };
}
