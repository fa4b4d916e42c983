import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { appPaths } from '../services/app-paths.js';
import { AppError } from '../shared/errors.js';
import { cliErrorLine } from './cli-errors.js';
import { readAppSettings } from './cli-settings.js';
import { defaultRules, parseRules, type TextRules } from '../shared/text-shaping/index.js';

/** Where the rules came from, for notes: the settings file, a rules file, or none (off). */
export interface LoadedRules {
  rules: TextRules | null;
  from: string;
}

/**
 * `--rules [FILE]` and `--no-rules`. On by default (listen, shape: the settings file's rules), or off
 * by default (transcribe: files get their rules only when asked, with `--rules` alone meaning the
 * settings file's).
 */
export function addRulesOptions(command: Command, onByDefault: boolean): Command {
  return onByDefault
    ? command
        .option('--rules <file>', "text rules JSON (as Settings > Text rules exports it); default: the app's")
        .option('--no-rules', 'no text rules: the words as recognised')
    : command.option(
        '--rules [file]',
        "apply text rules to the captions: the app's settings, or this JSON file (as Settings > Text rules exports it)",
      );
}

/**
 * The rules a command runs with. A file that cannot be read or is not a rules file at all is an
 * error; a bad entry in it is left out with a note naming its position, and the rest applies.
 */
export async function loadRules(
  option: string | boolean | undefined,
  onByDefault: boolean,
  note: (line: string) => void,
  dataDir?: string,
): Promise<LoadedRules> {
  if (option === false || (option === undefined && !onByDefault)) return { rules: null, from: 'off' };
  if (typeof option === 'string') return fromFile(path.resolve(option), note);
  return fromSettings(dataDir, note);
}

/**
 * `loadRules` for a command that prints its notes and its failure under its own name ("dictation listen:
 * ..."). Undefined: the rules could not be loaded, which was said, and the command exits with 1.
 */
export async function loadRulesFor(
  command: string,
  option: string | boolean | undefined,
  onByDefault: boolean,
): Promise<TextRules | null | undefined> {
  try {
    const { rules } = await loadRules(option, onByDefault, (line) =>
      console.error(`${command}: note: ${line}`),
    );
    return rules;
  } catch (error) {
    console.error(cliErrorLine(error, command));
    return undefined;
  }
}

async function fromFile(file: string, note: (line: string) => void): Promise<LoadedRules> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new AppError('invalid_request', `Cannot read the rules file ${file}: ${(error as Error).message}`, {
      hint: 'Give a JSON file such as Settings > Text rules > Export writes, or leave --rules out.',
    });
  }
  const { rules, problems } = parseRules(text.replace(/^\uFEFF/, ''));
  const whole = problems.find((problem) => problem.path === '');
  if (whole) {
    throw new AppError('invalid_request', `${file} is not a rules file: ${whole.message}`, {
      hint: 'The rules are a JSON object: {"words": [...], "replacements": [{"from": ..., "to": ...}], ...}.',
    });
  }
  for (const problem of problems) {
    note(`${path.basename(file)}: ${problem.path}: ${problem.message}; the other rules still apply`);
  }
  return { rules, from: file };
}

async function fromSettings(dataDir: string | undefined, note: (line: string) => void): Promise<LoadedRules> {
  const { settings, warnings, fromFile } = await readAppSettings(dataDir);
  for (const warning of warnings) {
    if (!warning.field || warning.field.startsWith('text'))
      note(textRulesNote(warning.message, warning.field));
  }
  if (!fromFile) return { rules: defaultRules(), from: 'defaults' };
  return { rules: settings.text, from: appPaths(dataDir).settingsFile };
}

/** A problem with the whole file says what it means for the rules. */
function textRulesNote(message: string, field: string | undefined): string {
  return field ? message : message.replace(/the defaults apply$/, 'the default text rules apply');
}
