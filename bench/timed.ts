import { spawnSync } from 'node:child_process';

/** Runs a command to completion and returns its wall time in ms; throws with its stderr on failure. */
export function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const started = performance.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env });
  const ms = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`${command} failed (${result.status}): ${result.stderr.slice(-800)}`);
  return ms;
}
