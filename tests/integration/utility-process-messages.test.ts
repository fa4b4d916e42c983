import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/fixtures.js';
import { missingDesktopTools, startXvfb, type XServer } from '../helpers/x11-desktop.js';

const run = promisify(execFile);
const register = path.join(projectRoot, 'tests', 'helpers', 'electron-stand-in', 'register.mjs');
const driver = path.join(projectRoot, 'tests', 'helpers', 'utility-process', 'driver.mjs');

/**
 * The shell's utility processes (the keyboard-hook check, the engine) on the Electron stand-in, whose
 * utility processes drop their stdout/stderr listeners at exit as Electron's do, with the child's
 * output held back 300 ms so it always comes after the exit: answers must travel as messages.
 */
async function drive(scenario: string, env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, ['--import', register, driver, scenario], {
    cwd: projectRoot,
    env: { ...env, STAND_IN_PIPE_DELAY_MS: '300', STAND_IN_APP_PATH: projectRoot },
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
}

describe('utility processes answer by message, not by output that can arrive after their exit', () => {
  const missing = missingDesktopTools(['Xvfb']);
  let x: XServer | null = null;
  beforeAll(async () => {
    if (missing.length === 0) x = await startXvfb();
  });
  afterAll(async () => {
    await x?.stop();
  });

  it.skipIf(missing.length > 0)('the keyboard-hook check passes when the hook starts (on Xvfb)', async () => {
    expect(await drive('hook-probe', x?.env ?? {})).toEqual({ started: true });
  });

  it('the keyboard-hook check explains a hook that cannot reach the X display', async () => {
    const result = await drive('hook-probe', { ...process.env, DISPLAY: ':1999' });
    expect(result).toMatchObject({ started: false, kind: 'hotkey_unavailable' });
    expect(String(result['message'])).toContain('cannot connect to the X display ":1999"');
  });

  it("the engine's fatal error reaches the crash report although its output came too late", async () => {
    const exit = await drive('engine-crash', process.env);
    expect(exit['code']).toBe(70);
    expect(String(exit['stderrTail'])).toContain(
      'uncaught exception in the engine: tensor blk.0.attn_q.weight extends past the end of the file',
    );
  });
});
