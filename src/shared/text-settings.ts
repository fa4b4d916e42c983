import type { z } from 'zod';
import { parseRules, type RuleProblem } from './text-shaping/index.js';
import { TextRules } from './text-shaping/rules-schema.js';

/**
 * The text rules as a settings group. The schema alone checks each field's shape; parseRules also
 * checks what needs the whole list (a bad regular expression, a rule that expands into itself, a word
 * listed twice), and each such problem is an issue at its entry ("text.replacements.2.from").
 */
function ruleProblemPath(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((match) =>
    match[2] !== undefined ? Number(match[2]) : match[1]!,
  );
}

function addRuleProblems(value: unknown, ctx: z.RefinementCtx): void {
  for (const problem of parseRules(value).problems) addProblem(problem, ctx);
}

function addProblem(problem: RuleProblem, ctx: z.RefinementCtx): void {
  ctx.addIssue({ code: 'custom', path: ruleProblemPath(problem.path), message: problem.message });
}

export const TextSettings = TextRules.superRefine(addRuleProblems);
export type TextSettings = z.infer<typeof TextSettings>;

/** A change from the settings screen: any of the fields, each checked as in a rules file. */
export const TextSettingsPatch = TextRules.partial().strict().superRefine(addRuleProblems);
