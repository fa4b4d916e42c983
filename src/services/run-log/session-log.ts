import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { serializeError } from '../../shared/errors.js';
import type { SessionLogEntry, SessionLogEvent } from '../../shared/session-log.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import { forgetTranscriptsIn } from './forget-transcripts.js';

export interface SessionLogOptions {
  /** Usually path.join(appPaths().logsDir, 'sessions'). */
  dir: string;
  logger?: Logger;
  /** Older run logs beyond this many are deleted when a new one opens (default 30). */
  keep?: number;
  now?: () => Date;
}

/**
 * The event log of one run of the app: one JSON object per line in <dir>/<date>-<id>.jsonl. Writes are
 * appended through a stream, so the main thread never waits for the disk. It holds ids, timings and
 * lengths, never the words of a dictation.
 */
export class SessionLog {
  private closed = false;

  private constructor(
    readonly runId: string,
    readonly file: string,
    private readonly stream: WriteStream,
  ) {}

  static async open(options: SessionLogOptions): Promise<SessionLog> {
    const logger = options.logger ?? silentLogger();
    const now = options.now?.() ?? new Date();
    await mkdir(options.dir, { recursive: true });
    await pruneOldLogs(options.dir, (options.keep ?? 30) - 1, logger);
    // Logs of earlier versions held the words of each transcript: they are taken out once, here.
    await forgetTranscriptsIn(options.dir, null).catch((error: unknown) =>
      logger.error(
        { event: 'transcripts_not_forgotten', dir: options.dir, error: serializeError(error) },
        'transcript text of an earlier version is still in the session logs',
      ),
    );
    const runId = randomBytes(4).toString('hex');
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    const file = path.join(options.dir, `${stamp}-${runId}.jsonl`);
    const stream = createWriteStream(file, { flags: 'a', encoding: 'utf8' });
    stream.on('error', (error) =>
      logger.error(
        { event: 'session_log_failed', file, error: serializeError(error) },
        'cannot write the session log',
      ),
    );
    return new SessionLog(runId, file, stream);
  }

  write(entry: SessionLogEntry): void {
    if (this.closed) return;
    const event = {
      ...entry,
      timestamp: entry.timestamp ?? Date.now(),
      runId: this.runId,
    } as SessionLogEvent;
    this.stream.write(`${JSON.stringify(event)}\n`);
  }

  /** Writes what is buffered and closes the file; later writes are dropped. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve) => this.stream.end(() => resolve()));
  }
}

async function pruneOldLogs(dir: string, keep: number, logger: Logger): Promise<void> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.jsonl')).sort();
  const excess = names.slice(0, Math.max(0, names.length - Math.max(0, keep)));
  for (const name of excess) {
    await rm(path.join(dir, name), { force: true }).catch((error: unknown) =>
      logger.warn(
        { event: 'session_log_prune_failed', name, error: serializeError(error) },
        'old session log kept',
      ),
    );
  }
}
