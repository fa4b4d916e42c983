import path from 'node:path';
import { pino, type DestinationStream, type Logger } from 'pino';
import pinoRoll from 'pino-roll';

export type { Logger };

export interface FileLogger {
  logger: Logger;
  /** Writes out what is buffered; called on quit. */
  flush(): Promise<void>;
  /** Waits until every line written so far is on disk, then closes the file (the last thing on quit). */
  close(): Promise<void>;
  /** Why the log file stopped taking lines (they go to the fallback stream since), or null. */
  readonly failure: Error | null;
}

const base = { app: 'dictation' };

/** The sonic-boom stream pino-roll returns, as far as the logger uses it. */
interface SonicBoomLike {
  readonly destroyed: boolean;
  write(line: string): boolean;
  flush(callback: (error?: Error) => void): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  once(event: 'close', listener: () => void): unknown;
  end(): void;
  destroy(): void;
}

export interface FileLoggerOptions {
  /** Where lines go once the file cannot be written (a full disk, a removed folder): stderr by default. */
  fallback?: { write(line: string): unknown };
}

/**
 * Structured JSON lines (pino) in `<dir>/app.N.log`, a new file every 5 MB, the last 5 kept.
 * Each line has time, level, msg and the event's own fields.
 *
 * A write that fails (ENOSPC on a full disk) would be an uncaught 'error' on the file stream, whose
 * report is logged to the same broken stream, and so on. Instead the first failure switches every
 * later line to the fallback (stderr), with one line there that says so and why.
 */
export async function createFileLogger(
  dir: string,
  name = 'app',
  options: FileLoggerOptions = {},
): Promise<FileLogger> {
  const fallback = options.fallback ?? process.stderr;
  const boom = (await pinoRoll({
    file: path.join(dir, name),
    extension: '.log',
    size: '5m',
    limit: { count: 5 },
    mkdir: true,
  })) as unknown as SonicBoomLike;
  let failure: Error | null = null;
  boom.on('error', (error) => {
    if (failure) return;
    failure = error;
    const code = (error as NodeJS.ErrnoException).code;
    fallback.write(
      `${JSON.stringify({
        level: 50,
        time: new Date().toISOString(),
        ...base,
        event: 'log_file_failed',
        dir,
        error: { message: error.message, code },
        msg: `the log file in ${dir} cannot be written (${code ?? error.message}): logging to stderr from now on`,
      })}\n`,
    );
  });
  const destination: DestinationStream & { flush(callback: () => void): void } = {
    write: (line: string) => {
      if (failure) fallback.write(line);
      else boom.write(line);
    },
    flush: (callback: () => void) => {
      if (failure || boom.destroyed) callback();
      else boom.flush(() => callback());
    },
  };
  const logger = pino({ base, timestamp: pino.stdTimeFunctions.isoTime }, destination);
  return {
    logger,
    get failure() {
      return failure;
    },
    flush: () =>
      new Promise<void>((resolve) => {
        logger.flush(() => resolve());
      }),
    // flush() returns at once when a write is still in flight (sonic-boom with minLength 0); end() waits.
    close: () =>
      new Promise<void>((resolve) => {
        if (boom.destroyed) return resolve();
        boom.once('close', () => resolve());
        // A failed file would retry its unwritten buffer on end(): drop it instead.
        if (failure) boom.destroy();
        else boom.end();
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
