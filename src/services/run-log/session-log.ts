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
 * appended through a stream, so the main thread never waits for the disk.
 */
export class SessionLog {
  private closed = false;
  /** Lines written while the logs are being rewritten wait here. */
  private held: string[] | null = null;
  private forgetting: Promise<unknown> = Promise.resolve();

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
    const line = `${JSON.stringify(event)}\n`;
    if (this.held) this.held.push(line);
    else this.stream.write(line);
  }

  /**
   * Takes the words of transcripts out of this run's log and the earlier ones kept beside it (all, or
   * those of the given dictations): clearing the history forgets them here too. Returns files changed.
   */
  async forgetTranscripts(sessionIds: ReadonlySet<string> | null = null): Promise<number> {
    const run = this.forgetting.then(() => this.rewrite(sessionIds));
    this.forgetting = run.catch(() => undefined);
    return run;
  }

  private async rewrite(sessionIds: ReadonlySet<string> | null): Promise<number> {
    if (this.closed) return forgetTranscriptsIn(path.dirname(this.file), sessionIds);
    this.held = [];
    try {
      await new Promise<void>((resolve) => this.stream.write('', () => resolve()));
      return await forgetTranscriptsIn(path.dirname(this.file), sessionIds);
    } finally {
      const held = this.held;
      this.held = null;
      for (const line of held) this.stream.write(line);
    }
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
