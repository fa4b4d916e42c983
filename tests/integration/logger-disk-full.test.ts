// The app's log file on a full disk: a real tmpfs of 64 KiB as the logs folder (root only; skipped
// with the reason elsewhere). Before the fix every failed write was an uncaught 'error' on the file
// stream (the main process's error dialog, whose own report went to the same broken stream).
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileLogger } from '../../src/services/logging/logger.js';
import { makeTempDir } from '../helpers/fixtures.js';
import { mountTmpfs } from '../helpers/tmpfs.js';
import { collectUncaught } from '../helpers/uncaught-trap.js';

const temp = makeTempDir('dictation-log-full-');
const disk = path.join(temp.dir, 'logs');
mkdirSync(disk);
const tmpfs = mountTmpfs(disk, 64);
afterAll(() => {
  if ('unmount' in tmpfs) tmpfs.unmount();
  temp.cleanup();
});
if ('skip' in tmpfs) console.log(`[logger-disk-full] skipped: ${tmpfs.skip}`);

describe.skipIf('skip' in tmpfs)('the log file on a full disk (real tmpfs)', () => {
  it('falls back to stderr, says so once, and nothing escapes as an uncaught error', async () => {
    const fallback: string[] = [];
    const filler = 'x'.repeat(900);
    let failure: Error | null = null;
    const uncaught = await collectUncaught(async () => {
      const file = await createFileLogger(disk, 'app', {
        fallback: { write: (l: string) => fallback.push(l) },
      });
      // About 200 KiB of lines into 64 KiB, a few at a time so the file stream's writes complete.
      for (let k = 0; k < 220; k++) {
        file.logger.info({ event: 'filler', k, filler }, 'a line');
        if (k % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      file.logger.info({ event: 'after_full' }, 'still logged');
      await file.flush();
      failure = file.failure;
      await file.close();
    });
    expect(uncaught.map((e) => e.message)).toEqual([]);
    expect((failure as NodeJS.ErrnoException | null)?.code).toBe('ENOSPC');
    const notices = fallback.filter((l) => l.includes('"log_file_failed"'));
    expect(notices).toHaveLength(1);
    expect(JSON.parse(notices[0] ?? '{}')).toMatchObject({
      level: 50,
      event: 'log_file_failed',
      error: { code: 'ENOSPC' },
      msg: expect.stringMatching(/cannot be written \(ENOSPC\): logging to stderr from now on/),
    });
    // Lines after the failure are on the fallback, whole JSON lines.
    const after = fallback.filter((l) => l.includes('"after_full"'));
    expect(after).toHaveLength(1);
    expect(JSON.parse(after[0] ?? '{}')).toMatchObject({ event: 'after_full', msg: 'still logged' });
    // The file holds what fitted.
    const files = readdirSync(disk).filter((n) => n.endsWith('.log'));
    expect(files.length).toBeGreaterThan(0);
    expect(statSync(path.join(disk, files[0] ?? '')).size).toBeGreaterThan(0);
  });
});
