import type { SpeechLoadOptions } from '../speech/load-speech-model.js';
import { EngineServer } from '../server.js';
import type { EngineTransport } from '../transport.js';
import type { EngineChannel } from './engine-client.js';

type ExitInfo = { code: number | null; signal: string | null; stderrTail: string };

/**
 * The engine server in the caller's own process, behind the same channel a forked engine has: for a
 * one-shot CLI run on the CPU, where a second process only adds its start-up (a GPU run stays forked:
 * ggml's Vulkan back-end ends the process on a lost device). Messages are delivered asynchronously,
 * in order, as over IPC. `preload` starts loading the model at once (see EngineServer.preloadModel).
 */
export function inProcessEngineChannel(preload?: {
  modelPath: string;
  options: SpeechLoadOptions;
}): EngineChannel {
  const toServer: ((message: unknown) => void)[] = [];
  const toClient: ((message: unknown) => void)[] = [];
  const exitHandlers: ((info: ExitInfo) => void)[] = [];
  let open = true;
  const close = (info: ExitInfo) => {
    if (!open) return;
    open = false;
    for (const handler of exitHandlers) handler(info);
  };
  const deliver = (handlers: ((message: unknown) => void)[], message: unknown) =>
    queueMicrotask(() => {
      if (open) for (const handler of handlers) handler(message);
    });

  const transport: EngineTransport = {
    kind: 'in-process',
    send: (message) => deliver(toClient, message),
    onMessage: (handler) => toServer.push(handler),
    // The host cannot go away without taking the server with it.
    onDisconnect: () => {},
    exit: (code) => close({ code, signal: null, stderrTail: '' }),
  };
  const server = new EngineServer(transport);
  server.start();
  if (preload) server.preloadModel(preload.modelPath, preload.options);

  return {
    send: (message) => {
      if (!open) throw new Error('the in-process engine has been shut down');
      deliver(toServer, message);
    },
    onMessage: (handler) => toClient.push(handler),
    onExit: (handler) => exitHandlers.push(handler),
    // Nothing to kill: the connection closes, and native work still running finishes with the process.
    kill: () => close({ code: null, signal: 'SIGKILL', stderrTail: '' }),
  };
}
