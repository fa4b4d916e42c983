import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let prestarted: ChildProcess | null = null;

/**
 * `dictation listen --model FILE`: the engine process is started, and starts loading FILE, before the
 * CLI has even loaded its own modules, so the two start-ups overlap. Only reads argv; the command
 * itself validates everything later and takes this process over (or kills it if it goes unused).
 * (`transcribe` decides first whether its engine needs a process of its own: see cli/model-engine.ts.)
 */
export function prestartFromArgv(args: readonly string[]): void {
  if (args[0] !== 'listen') return;
  if (args.includes('--help') || args.includes('-h')) return;
  let model: string | undefined;
  for (let i = 1; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '-m' || arg === '--model') model = args[i + 1];
    else if (arg.startsWith('--model=')) model = arg.slice('--model='.length);
  }
  if (!model || !existsSync(model)) return; // a model name, or no model: the command resolves it
  const entry = fileURLToPath(new URL('../main.js', import.meta.url));
  prestarted = fork(entry, [], {
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: {
      ...process.env,
      DICTATION_ENGINE_PRELOAD_MODEL: path.resolve(model),
      DICTATION_ENGINE_PRELOAD_GPU: args.includes('--no-gpu') ? '0' : '1',
    },
  });
  // Not needed after all (an error before the command starts the engine): it must not keep the CLI alive.
  prestarted.unref();
  prestarted.channel?.unref();
  (prestarted.stderr as (NodeJS.ReadableStream & { unref?: () => void }) | null)?.unref?.();
}

/** The engine process started by prestartFromArgv, once; null when there is none. */
export function takePrestartedEngine(): ChildProcess | null {
  const child = prestarted;
  prestarted = null;
  if (child) {
    child.ref();
    child.channel?.ref();
    (child.stderr as (NodeJS.ReadableStream & { ref?: () => void }) | null)?.ref?.();
  }
  return child;
}
