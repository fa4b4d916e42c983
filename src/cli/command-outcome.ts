import { describeError, hintFor, serializeError } from '../shared/errors.js';

/** Prints the one line for a failed command, with a hint for this case after the error's own. Exit code 1. */
export function failWith(error: unknown, extraHint?: string): number {
  const serialized = serializeError(error);
  const hint = hintFor(serialized, 'cli');
  if (extraHint) serialized.cliHint = hint ? `${hint} ${extraHint}` : extraHint;
  console.error(`dictation: ${describeError(serialized, 'cli')}`);
  return 1;
}

/**
 * A subcommand's action that sets exit code 0 when `work` finishes and prints the error's one line
 * (exit code 1) when it throws; `extraHint` may add what to do for this command's own failures.
 */
export function exitCodeAction<Args extends unknown[]>(
  work: (...args: Args) => Promise<void>,
  extraHint: (error: unknown) => string | undefined = () => undefined,
): (...args: Args) => Promise<void> {
  return async (...args) => {
    try {
      await work(...args);
      process.exitCode = 0;
    } catch (error) {
      process.exitCode = failWith(error, extraHint(error));
    }
  };
}
