import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { serializeError } from '../../shared/errors.js';
import type { HistoryChange } from '../history/observable-history.js';
import type { Logger } from '../logging/logger.js';

/**
 * The lines of a session log with the words of transcripts taken out (all of them, or those of the
 * given dictations): the line stays, so the log still shows that something was said and when.
 */
function withoutTranscripts(content: string, sessionIds: ReadonlySet<string> | null): string {
  let changed = false;
  const lines = content.split('\n').map((line) => {
    if (!line.includes('"transcript"')) return line;
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return line;
    }
    if (event['type'] !== 'transcript' || event['text'] === '') return line;
    if (sessionIds && !sessionIds.has(String(event['sessionId']))) return line;
    changed = true;
    return JSON.stringify({ ...event, text: '', forgotten: true });
  });
  return changed ? lines.join('\n') : content;
}

/**
 * Rewrites every session log in `dir` without transcript text. In place (the same file, truncated and
 * written), so the open log of this run keeps appending to it. Returns the files changed.
 */
export async function forgetTranscriptsIn(
  dir: string,
  sessionIds: ReadonlySet<string> | null,
): Promise<number> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.jsonl'));
  let changed = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    const content = await readFile(file, 'utf8');
    const redacted = withoutTranscripts(content, sessionIds);
    if (redacted === content) continue;
    // Truncating keeps the file (its inode): the open log's appends land after the rewritten lines.
    await writeFile(file, redacted);
    changed++;
  }
  return changed;
}

/**
 * What the history forgets, the session logs forget too: clearing it takes every transcript's words
 * out of the logs, deleting an entry takes out that dictation's. Returns the unsubscribe function.
 */
export function forgetTranscriptsWithHistory(
  history: { subscribe(listener: (change: HistoryChange) => void): () => void },
  log: { forgetTranscripts(sessionIds?: ReadonlySet<string> | null): Promise<number> },
  logger: Logger,
): () => void {
  return history.subscribe((change) => {
    const ids =
      change.reason === 'cleared' ? null : change.reason === 'deleted' ? new Set(change.ids) : undefined;
    if (ids === undefined) return;
    log
      .forgetTranscripts(ids)
      .catch((error: unknown) =>
        logger.error(
          { event: 'transcripts_not_forgotten', error: serializeError(error) },
          'transcript text is still in the session logs',
        ),
      );
  });
}
