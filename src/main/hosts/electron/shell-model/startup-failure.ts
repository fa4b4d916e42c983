import { serializeError } from '../../../../shared/errors.js';

/** What the blocking error box says when the app cannot start: the problem, what to do, where the log is. */
export function startupFailureMessage(error: unknown, logsDir: string): { title: string; content: string } {
  const problem = serializeError(error);
  const next =
    problem.hint ?? 'Try starting Dictation again; if it fails again, the log file has the details.';
  return {
    title: 'Dictation could not start',
    content: `${problem.message}\n\n${next}\n\nThe log is in ${logsDir}.`,
  };
}
