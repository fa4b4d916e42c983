import path from 'node:path';
import { pino, type Logger } from 'pino';
import pinoRoll from 'pino-roll';

export type { Logger };

export interface FileLogger {
  logger: Logger;
  /** Writes out what is buffered; called on quit. */
  flush(): Promise<void>;
  /** Waits until every line written so far is on disk, then closes the file (the last thing on quit). */
  close(): Promise<void>;
}

const base = { app: 'dictation' };

/** The sonic-boom stream pino-roll returns, as far as close() uses it. */
interface SonicBoomLike {
  readonly destroyed: boolean;
  once(event: 'close', listener: () => void): unknown;
  end(): void;
}

/**
 * Structured JSON lines (pino) in `<dir>/app.N.log`, a new file every 5 MB, the last 5 kept.
 * Each line has time, level, msg and the event's own fields.
 */
export async function createFileLogger(dir: string, name = 'app'): Promise<FileLogger> {
  const stream = await pinoRoll({
    file: path.join(dir, name),
    extension: '.log',
    size: '5m',
    limit: { count: 5 },
    mkdir: true,
  });
  const logger = pino({ base, timestamp: pino.stdTimeFunctions.isoTime }, stream);
  return {
    logger,
    flush: () =>
      new Promise<void>((resolve) => {
        logger.flush(() => resolve());
      }),
    // flush() returns at once when a write is still in flight (sonic-boom with minLength 0); end() waits.
    close: () =>
      new Promise<void>((resolve) => {
        const boom = stream as unknown as SonicBoomLike;
        if (boom.destroyed) return resolve();
        boom.once('close', () => resolve());
        boom.end();
      }),
  };
}

/** JSON lines on stderr, for headless runs (CLI `listen --json`, tests). */
export function createStderrLogger(level: pino.Level = 'info'): Logger {
  return pino({ base, level, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination(2));
}

/** A logger that drops everything, for code paths that log but are run without one (tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
