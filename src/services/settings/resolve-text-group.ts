import type { SettingsWarning } from '../../shared/settings.js';
import { parseRules } from '../../shared/text-shaping/index.js';

/**
 * The text rules from the settings file, entry by entry (as a rules file is read): a bad word,
 * replacement or profile is dropped with a warning naming its position and why, and everything else
 * keeps working.
 */
export function resolveTextGroup(
  raw: unknown,
  fromNewerVersion: boolean,
  warnings: SettingsWarning[],
): Record<string, unknown> {
  const { rules, problems } = parseRules(raw ?? {});
  for (const problem of problems) {
    if (fromNewerVersion && problem.message === 'unknown setting, ignored') continue;
    const field = problem.path ? `text.${problem.path}` : 'text';
    warnings.push({
      kind: 'invalid_field',
      field,
      message:
        `Setting ${field}: ${problem.message}. ${problem.message.endsWith('ignored') ? '' : 'That entry is left out; the other rules still work.'}`.trim(),
    });
  }
  return rules;
}
