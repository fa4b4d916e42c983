// The engine process: message loop, fatal-error reporting. Started by ./main.ts.
import { serializeError } from '../shared/errors.js';
import { EngineServer } from './server.js';
import { detectTransport } from './transport.js';

const transport = detectTransport();

function reportFatal(kind: string, error: unknown): void {
  // The host logs this and restarts the engine; the exit code tells it the engine did not stop on request.
  transport.send({
    type: 'log',
    timestamp: Date.now(),
    level: 'error',
    message: kind,
    data: serializeError(error),
  });
}

process.on('uncaughtException', (error) => {
  reportFatal('uncaught exception in the engine', error);
  setTimeout(() => process.exit(70), 50);
});
process.on('unhandledRejection', (reason) => {
  reportFatal('unhandled rejection in the engine', reason);
});

const server = new EngineServer(transport);
server.start();
const preload = process.env['DICTATION_ENGINE_PRELOAD_MODEL'];
if (preload)
  server.preloadModel(preload, {
    useGpu: process.env['DICTATION_ENGINE_PRELOAD_GPU'] !== '0',
    gpuDevice: null,
    failedGpus: [],
    flashAttn: true,
  });
