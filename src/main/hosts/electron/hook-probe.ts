import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { utilityProcess } from 'electron';
import { AppError } from '../../../shared/errors.js';
import {
  explainHookFailure,
  hookBlocker,
  isKnownHookFailure,
} from '../../../services/hotkeys/hook-preflight.js';
import { uiohookKeyboardHook, type KeyboardHook } from '../../../services/hotkeys/keyboard-hook.js';
import { readRemainingOutput } from './shell-model/late-output.js';
import { awaitProbeOutcome } from './shell-model/probe-outcome.js';

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
  // Read only after the outcome (a native abort leaves no answer message, only this output): kept
  // now, because Electron's getters return null after the exit.
  const streams = [child.stdout, child.stderr];
  const outcome = await awaitProbeOutcome(
    {
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.once('exit', listener),
      kill: () => void child.kill(),
    },
    PROBE_TIMEOUT_MS,
  );
  if (outcome.kind === 'ok') return;
  const environment = { platform: process.platform, env: process.env };
  const output = await readRemainingOutput(streams);
  switch (outcome.kind) {
    case 'failed':
      throw explainHookFailure(`${outcome.error}\n${output}`, environment, 'the hook reported');
    case 'exited':
      throw explainHookFailure(output, environment, `exit code ${outcome.code}`);
    case 'timed_out':
      // libuiohook may hang instead of aborting after it reported a failed start.
      if (isKnownHookFailure(output)) throw explainHookFailure(output, environment, 'no answer in time');
      throw new AppError(
        'hotkey_unavailable',
        `The keyboard hook did not start within ${PROBE_TIMEOUT_MS / 1000} s.`,
        { hint: 'Restart Dictation; if it keeps happening, use toggle mode and report the problem.' },
      );
  }
}
