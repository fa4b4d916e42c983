import { describeError, serializeError } from '../shared/errors.js';

/** An error as the CLI says it: the message and the hint written for a CLI user (AppError's cliHint). */
export function describeForCli(error: unknown): string {
  return describeError(serializeError(error), 'cli');
}

/** The one line the CLI prints for an error: "dictation[ command]: message (what to do)". */
export function cliErrorLine(error: unknown, prefix = 'dictation'): string {
  return `${prefix}: ${describeForCli(error)}`;
}
