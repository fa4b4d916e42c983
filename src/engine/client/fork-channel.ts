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
  // A send that races the child's death fails asynchronously on the child object; without this
  // listener Node would raise it as an uncaught exception. The exit handler reports the crash.
  child.on('error', (error) => {
    stderrTail = `${stderrTail}\nIPC error: ${error.message}`.slice(-STDERR_TAIL_BYTES);
  });
  return {
    pid: child.pid,
    send: (message) => {
      if (!child.connected) throw new Error('the engine process has closed its channel');
      child.send(message as object, (error) => {
        if (error) stderrTail = `${stderrTail}\nIPC send failed: ${error.message}`.slice(-STDERR_TAIL_BYTES);
      });
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
