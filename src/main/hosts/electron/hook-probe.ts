import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { utilityProcess } from 'electron';
import { AppError } from '../../../shared/errors.js';
import { explainHookFailure, hookBlocker } from '../../../services/hotkeys/hook-preflight.js';
import { uiohookKeyboardHook, type KeyboardHook } from '../../../services/hotkeys/keyboard-hook.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const PROBE_TIMEOUT_MS = 10_000;

/**
 * The uiohook keyboard hook, tried first in a utility process (see hook-probe-entry.ts) so a hook that
 * cannot start takes down only that process, with its error output turned into what to do.
 */
export function utilityProbedKeyboardHook(): KeyboardHook {
  const hook = uiohookKeyboardHook({ probe: false });
  return {
    async start(onKey) {
      const environment = { platform: process.platform, env: process.env };
      const blocker = hookBlocker(environment);
      if (blocker) throw blocker;
      let modulePath: string;
      try {
        modulePath = createRequire(import.meta.url).resolve('uiohook-napi');
      } catch (error) {
        throw new AppError('hotkey_unavailable', 'The keyboard hook package uiohook-napi is not installed.', {
          hint: 'Reinstall Dictation.',
          detail: (error as Error).message,
        });
      }
      await probe(modulePath);
      await hook.start(onKey);
    },
    stop: () => hook.stop(),
  };
}

async function probe(modulePath: string): Promise<void> {
  const child = utilityProcess.fork(path.join(here, 'hook-probe-entry.js'), [], {
    serviceName: 'Dictation keyboard hook check',
    stdio: 'pipe',
    env: { ...process.env, DICTATION_UIOHOOK_MODULE: modulePath },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const outcome = await new Promise<{ code: number | null; timedOut: boolean }>((resolve) => {
    const timer = setTimeout(() => {
      child.kill();
      resolve({ code: null, timedOut: true });
    }, PROBE_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, timedOut: false });
    });
  });
  if (outcome.code === 0 && output.includes('hook-ok')) return;
  if (outcome.timedOut) {
    throw new AppError(
      'hotkey_unavailable',
      `The keyboard hook did not start within ${PROBE_TIMEOUT_MS / 1000} s.`,
      {
        hint: 'Restart Dictation; if it keeps happening, use toggle mode and report the problem.',
      },
    );
  }
  throw explainHookFailure(
    output,
    { platform: process.platform, env: process.env },
    `exit code ${outcome.code}`,
  );
}
