import { serializeError } from '../../../../shared/errors.js';
import type { Logger } from '../../../../services/logging/logger.js';

export interface FatalReport {
  kind: 'uncaught_exception' | 'unhandled_rejection';
  title: string;
  message: string;
  detail: string;
}

export interface ProcessEvents {
  on(event: 'uncaughtException', listener: (error: Error, origin: string) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

export interface ProcessErrorOptions {
  logger: Logger;
  /** Shows the error to the user (a dialog, a notification). */
  show: (report: FatalReport) => void;
  /** At most one error is shown per this many ms; the others are only logged (default 5 s). */
  showEveryMs?: number;
  now?: () => number;
}

/**
 * Errors nothing caught: each is logged as one structured JSON line and shown to the user, and the
 * app keeps running (a dictation in flight is worth more than a clean crash). Never swallowed.
 */
export function installProcessErrorHandlers(events: ProcessEvents, options: ProcessErrorOptions): void {
  const now = options.now ?? Date.now;
  const showEveryMs = options.showEveryMs ?? 5000;
  let lastShown = -Infinity;
  let unshown = 0;

  const handle = (kind: FatalReport['kind'], error: unknown, origin?: string) => {
    const serialized = serializeError(error);
    const stack = error instanceof Error && error.stack ? error.stack : undefined;
    const line = { event: kind, origin, error: serialized, ...(stack ? { stack } : {}) };
    try {
      options.logger.error(
        line,
        kind === 'uncaught_exception' ? 'uncaught exception' : 'unhandled promise rejection',
      );
    } catch {
      // The log file is closed (the app is quitting) or broken: stderr still gets the line.
      process.stderr.write(`${JSON.stringify({ level: 50, time: new Date().toISOString(), ...line })}\n`);
    }
    if (now() - lastShown < showEveryMs) {
      unshown += 1;
      return;
    }
    lastShown = now();
    const more =
      unshown > 0 ? `\n\n(${unshown} earlier error${unshown === 1 ? '' : 's'} are in the log only.)` : '';
    unshown = 0;
    try {
      options.show({
        kind,
        title: 'Dictation ran into an unexpected error',
        message: serialized.message,
        detail: `${serialized.hint ?? 'The app keeps running. If something stops working, restart it; the log file has the details.'}${more}`,
      });
    } catch (showError) {
      options.logger.error(
        { event: 'error_display_failed', error: serializeError(showError) },
        'could not show the error',
      );
    }
  };

  events.on('uncaughtException', (error, origin) => handle('uncaught_exception', error, origin));
  events.on('unhandledRejection', (reason) => handle('unhandled_rejection', reason));
}
