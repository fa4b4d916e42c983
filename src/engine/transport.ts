/**
 * How the engine talks to its host. The same entry file runs as an Electron utility process
 * (process.parentPort) and as a Node child started with child_process.fork (process.send); a one-shot
 * CLI run on the CPU hosts the server in its own process (client/in-process-engine.ts).
 */
export interface EngineTransport {
  readonly kind: 'electron-utility' | 'node-fork' | 'in-process';
  send(message: unknown): void;
  onMessage(handler: (message: unknown) => void): void;
  onDisconnect(handler: () => void): void;
  /** Ends the engine after shutdown or disconnect: its process, or only the connection when in-process. */
  exit(code: number): void;
}

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

export function detectTransport(): EngineTransport {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      kind: 'electron-utility',
      send: (message) => parentPort.postMessage(message),
      onMessage: (handler) => parentPort.on('message', (event) => handler(event.data)),
      // A utility process is killed with its parent; there is no disconnect event to wait for.
      onDisconnect: () => {},
      exit: (code) => process.exit(code),
    };
  }
  if (typeof process.send === 'function') {
    return {
      kind: 'node-fork',
      send: (message) => {
        if (process.connected) process.send?.(message);
      },
      onMessage: (handler) => process.on('message', handler),
      onDisconnect: (handler) => process.on('disconnect', handler),
      exit: (code) => process.exit(code),
    };
  }
  throw new Error(
    'The engine must be started by the app or the CLI (as an Electron utility process or with child_process.fork).',
  );
}
