import { serializeError } from '../../../../shared/errors.js';
import type { Logger } from '../../../../services/logging/logger.js';

export interface QuitSequenceOptions {
  /** The graceful part: stop capture, finish or keep the utterance, stop the engine, flush logs. */
  shutdown: (reason: string) => Promise<void>;
  /** Ends the process (Electron's app.exit, process.exit). */
  exit: (code: number) => void;
  /** However the shutdown goes, the process ends after this long (default 20 s). */
  deadlineMs?: number;
  logger: Logger;
}

/**
 * One quit, however many ways it is asked for (window, tray, SIGINT, SIGTERM, the OS logging out):
 * the first request runs the shutdown, later ones wait for it, and a hung shutdown cannot keep the
 * process alive past the deadline.
 */
export function createQuitSequence(options: QuitSequenceOptions) {
  let running: Promise<void> | null = null;
  return {
    get quitting(): boolean {
      return running !== null;
    },
    /**
     * `end` replaces `exit` for this request once the shutdown is done (restarting into an update
     * installs instead); a request made while another runs joins it, and that one ends as it was asked.
     */
    request(reason: string, code = 0, end: (code: number) => void = options.exit): Promise<void> {
      if (running) return running;
      const deadline = setTimeout(() => {
        options.logger.error(
          { event: 'quit_deadline', reason, deadlineMs: options.deadlineMs ?? 20_000 },
          'shutdown took too long; exiting',
        );
        options.exit(code === 0 ? 1 : code);
      }, options.deadlineMs ?? 20_000);
      running = options
        .shutdown(reason)
        .then(
          () => code,
          (error: unknown) => {
            options.logger.error(
              { event: 'shutdown_failed', reason, error: serializeError(error) },
              'shutdown failed',
            );
            return code === 0 ? 1 : code;
          },
        )
        .then((exitCode) => {
          clearTimeout(deadline);
          end(exitCode);
        });
      return running;
    },
  };
}
