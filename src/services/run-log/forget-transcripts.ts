import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Session logs written by earlier versions held each transcript's words. This version writes lengths
 * only, and SessionLog.open takes the words out of the older logs beside it.
 *
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
    if (event['type'] !== 'transcript' || typeof event['text'] !== 'string' || event['text'] === '')
      return line;
    if (sessionIds && !sessionIds.has(String(event['sessionId']))) return line;
    changed = true;
    return JSON.stringify({ ...event, text: '', forgotten: true });
  });
  return changed ? lines.join('\n') : content;
}

/**
 * Rewrites every session log in `dir` without transcript text, in place (the same file, truncated and
 * written). Returns the files changed.
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
