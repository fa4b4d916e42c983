import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/fixtures.js';

const run = promisify(execFile);
const dist = (...parts: string[]) => pathToFileURL(path.join(projectRoot, 'dist', 'src', ...parts)).href;

/**
 * The handlers the shell installs for errors nothing caught, in a real Node process that really throws
 * (Electron's main process is Node; only the dialog is Electron's, and `show` prints instead).
 */
describe('errors nothing caught', () => {
  it('are logged as structured JSON, shown to the user (at most one per interval), and never crash or vanish', async () => {
    const script = `
      import { installProcessErrorHandlers } from ${JSON.stringify(dist('main', 'hosts', 'electron', 'shell-model', 'process-errors.js'))};
      import { createStderrLogger } from ${JSON.stringify(dist('services', 'logging', 'logger.js'))};
      installProcessErrorHandlers(process, {
        logger: createStderrLogger(),
        show: (report) => process.stdout.write(JSON.stringify({ shown: report }) + '\\n'),
        showEveryMs: 60000,
      });
      setTimeout(() => { throw new Error('boom in a timer'); }, 10);
      setTimeout(() => { Promise.reject(new TypeError('rejected and forgotten')); }, 30);
      setTimeout(() => { process.stdout.write(JSON.stringify({ alive: true }) + '\\n'); process.exit(0); }, 150);
    `;
    const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: projectRoot,
    });
    const logged = stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const uncaught = logged.find((line) => line['event'] === 'uncaught_exception');
    const rejection = logged.find((line) => line['event'] === 'unhandled_rejection');
    expect(uncaught).toMatchObject({
      level: 50,
      error: { kind: 'internal', message: 'boom in a timer' },
      app: 'dictation',
    });
    expect(String(uncaught?.['stack'])).toContain('boom in a timer');
    expect(rejection).toMatchObject({ level: 50, error: { message: 'rejected and forgotten' } });

    const printed = stdout
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { shown?: { kind: string; message: string; detail: string }; alive?: boolean },
      );
    // The first error is shown; the second, inside the interval, is only logged (and counted).
    expect(printed.filter((line) => line.shown).map((line) => line.shown?.message)).toEqual([
      'boom in a timer',
    ]);
    expect(printed.at(-1)).toEqual({ alive: true });
  });
});
