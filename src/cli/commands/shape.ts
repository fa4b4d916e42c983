import type { Command } from 'commander';
import { resolveProfile, shapeText } from '../../shared/text-shaping/index.js';
import { addRulesOptions, loadRulesFor } from '../text-rules-option.js';

interface ShapeFlags {
  rules?: string | boolean;
  app?: string;
  language?: string;
  previous?: string;
  json: boolean;
}

/**
 * `dictation shape TEXT...`: what the app would deliver for that text (the settings window's preview,
 * for scripts): the settings file's rules or --rules FILE, for the profile of --app if one matches.
 */
/** The options and action of `shape` on its command (for a program that loads commands lazily). */
export function defineShape(command: Command): void {
  command
    .argument('<text...>', 'the words as recognised')
    .option('--app <name>', "an application's name (WM_CLASS, process name, bundle id): its profile applies")
    .option('-l, --language <code>', 'the language it was spoken in (for "auto" rules)')
    .option('--previous <text>', 'what the field already holds before it (spacing and capitals)')
    .option('--json', 'print the result with each step as JSON', false);
  addRulesOptions(command, true).action(async (words: string[], flags: ShapeFlags) => {
    process.exitCode = await runShape(words.join(' '), flags);
  });
}

async function runShape(raw: string, flags: ShapeFlags): Promise<number> {
  const rules = await loadRulesFor('dictation shape', flags.rules, true);
  if (rules === undefined) return 1;
  if (!rules) {
    process.stdout.write(flags.json ? `${JSON.stringify({ text: raw, raw, profile: null })}\n` : `${raw}\n`);
    return 0;
  }
  const profile = resolveProfile(rules, flags.app ?? null);
  const result = shapeText(raw, profile.rules, {
    previous: flags.previous ?? null,
    language: flags.language ?? null,
  });
  if (flags.json) {
    const steps = result.steps.map(({ step, status, changes, note }) => ({
      step,
      status,
      changes,
      ...(note ? { note } : {}),
    }));
    const out = {
      text: result.text,
      raw,
      profile: profile.profile?.app ?? null,
      eraseBefore: result.eraseBefore,
      emptyBecause: result.emptyBecause,
      fallback: result.fallback,
      steps,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } else {
    process.stdout.write(`${result.text}\n`);
  }
  return 0;
}
