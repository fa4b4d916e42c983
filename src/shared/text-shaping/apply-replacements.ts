import { compileReplacement } from './replacement-pattern.js';
import type { Replacement } from './rules-schema.js';
import type { StepOutput, TextChange } from './step-result.js';

/**
 * Applies the user's replacements in list order, each once over the text; a later rule sees what an
 * earlier one wrote. A phrase matches whole words in any case ("My email," finds "my email"); the text
 * it becomes is inserted as written, line breaks included ("sig" -> a signature).
 */
export function applyReplacements(text: string, rules: readonly Replacement[]): StepOutput {
  const changes: TextChange[] = [];
  let out = text;
  for (const rule of rules) {
    if (!rule.enabled) continue;
    let pattern: RegExp;
    try {
      pattern = compileReplacement(rule);
    } catch {
      // parseRules refuses bad patterns; rules built by hand may still carry one. Skip it.
      continue;
    }
    out = out.replace(pattern, (...args: unknown[]) => {
      const matched = args[0] as string;
      const to = rule.regex ? expandGroups(rule.to, args) : rule.to;
      changes.push({ from: matched, to });
      return to;
    });
  }
  return { text: out, changes };
}

/** $1, $<name>, $& and $$ in a regex rule's text, as String.replace would expand them. */
function expandGroups(template: string, args: readonly unknown[]): string {
  const last = args[args.length - 1];
  const named = typeof last === 'object' && last !== null ? (last as Record<string, string | undefined>) : {};
  const groupCount = args.length - (typeof last === 'object' && last !== null ? 4 : 3);
  const groups = args.slice(1, 1 + groupCount) as (string | undefined)[];
  return template.replace(/\$(\$|&|\d{1,2}|<([^>]*)>)/g, (whole, token: string, name?: string) => {
    if (token === '$') return '$';
    if (token === '&') return args[0] as string;
    if (name !== undefined) return named[name] ?? '';
    const index = Number(token);
    return index >= 1 && index <= groups.length ? (groups[index - 1] ?? '') : whole;
  });
}
