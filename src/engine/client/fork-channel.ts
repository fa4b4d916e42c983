import { fork } from 'node:child_process';
import { engineEntry } from '../project-root.js';
import type { EngineChannel } from './engine-client.js';
import { EngineClient } from './engine-client.js';
import { takePrestartedEngine } from './prestart.js';

const STDERR_TAIL_BYTES = 8192;

/** Starts the engine as a plain Node child process (the CLI and the tests use this path). */
export function forkEngineChannel(options: { entry?: string; env?: NodeJS.ProcessEnv } = {}): EngineChannel {
  const usePrestarted = !options.entry && !options.env;
  const child =
    (usePrestarted ? takePrestartedEngine() : null) ??
    fork(options.entry ?? engineEntry(), [], {
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: options.env ?? process.env,
    });
  let stderrTail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    stderrTail = (stderrTail + text).slice(-STDERR_TAIL_BYTES);
  });
  return {
    pid: child.pid,
    send: (message) => {
      child.send(message as object);
    },
    onMessage: (handler) => child.on('message', handler),
    onExit: (handler) =>
      child.on('exit', (code, signal) => handler({ code, signal, stderrTail: stderrTail.trim() })),
    kill: () => {
      child.kill('SIGKILL');
    },
  };
}

export async function startForkedEngine(clientName: string): Promise<EngineClient> {
  return EngineClient.connect(forkEngineChannel(), clientName);
}
