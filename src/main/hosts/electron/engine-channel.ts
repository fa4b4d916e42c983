import { utilityProcess } from 'electron';
import type { EngineChannel } from '../../../engine/client/engine-client.js';
import { ExitReport } from './shell-model/exit-report.js';

/**
 * The engine as an Electron utility process: a Node environment of Electron's own (no separate Node
 * install, no ELECTRON_RUN_AS_NODE) that the OS and Electron's task manager show as the speech engine.
 * The engine's entry speaks process.parentPort (src/engine/transport.ts).
 */
export function utilityEngineChannel(entry: string, serviceName = 'Dictation speech engine'): EngineChannel {
  const child = utilityProcess.fork(entry, [], { serviceName, stdio: 'pipe' });
  const exitReport = new ExitReport();
  const keep = (text: string) => exitReport.noteOutput(text);
  child.on('message', (message) => exitReport.noteMessage(message));
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', keep);
  // Nothing is expected on stdout; reading it keeps a chatty native library from filling the pipe.
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', keep);
  child.on('error', (type, location, report) => keep(`\n${type} at ${location}\n${report.slice(0, 2000)}`));

  // Messages posted before the process is up wait here, so the first request is never lost.
  let queued: unknown[] | null = [];
  child.once('spawn', () => {
    const pending = queued ?? [];
    queued = null;
    for (const message of pending) child.postMessage(message);
  });
  child.once('exit', () => {
    queued = null;
  });

  return {
    get pid() {
      return child.pid;
    },
    send(message) {
      if (queued) queued.push(message);
      else child.postMessage(message);
    },
    onMessage: (handler) => child.on('message', handler),
    onExit: (handler) =>
      child.on('exit', (code) => handler({ code, signal: null, stderrTail: exitReport.text() })),
    kill: () => {
      child.kill();
    },
  };
}
