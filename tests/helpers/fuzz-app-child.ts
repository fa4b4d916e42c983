// The whole app for the protocol fuzz, in a process of its own so that its memory is measured alone:
//   node --expose-gc dist/tests/helpers/fuzz-app-child.js '{"bridgeRate": 100000, ...}'
// Starts the headless app (the app runtime with the engine, behind the loopback bridge) and the local
// event API over the same dictation and engine, logging to a real log file. Sends 'ready' with their
// addresses over IPC, answers 'memory' with its memory after a full GC, and exits on 'stop'.
import { statSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { appVersion } from '../../src/engine/project-root.js';
import { dictationApiBackend } from '../../src/services/event-api/dictation-backend.js';
import { startEventApi } from '../../src/services/event-api/event-api-server.js';
import { createBridgeToken } from '../../src/services/local-server/token.js';
import { createFileLogger } from '../../src/services/logging/logger.js';
import { fixtures, makeTempDir } from './fixtures.js';
import { startHeadlessRuntime } from './headless-app.js';

interface ChildConfig {
  /** Requests per second per client on both servers: high, so the fuzz measures handling, not limits. */
  rate: number;
}

export type ChildMessage =
  | {
      type: 'ready';
      bridge: { url: string; origin: string; token: string };
      eventApi: { port: number; token: string };
    }
  | {
      type: 'memory';
      rss: number;
      heapUsed: number;
      heapTotal: number;
      external: number;
      logBytes: number;
    };

const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
const send = (message: ChildMessage) => process.send?.(message);

const logs = makeTempDir('dictation-fuzz-logs-');
const fileLogger = await createFileLogger(logs.dir);
const app = await startHeadlessRuntime({
  model: fixtures.vocabOnlyModel,
  logger: fileLogger.logger,
  bridgeLimits: { ratePerSecond: config.rate, maxClients: 64 },
});
const eventApiToken = createBridgeToken();
const eventApi = await startEventApi({
  backend: dictationApiBackend(app.runtime.dictation, app.runtime.engine, appVersion()),
  port: 0,
  token: eventApiToken,
  logger: fileLogger.logger,
  ratePerSecond: config.rate,
});

function logBytes(): number {
  return readdirSync(logs.dir).reduce((sum, name) => sum + statSync(path.join(logs.dir, name)).size, 0);
}

process.on('message', (message: { type: string }) => {
  if (message.type === 'memory') {
    globalThis.gc?.();
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    send({ type: 'memory', rss, heapUsed, heapTotal, external, logBytes: logBytes() });
  } else if (message.type === 'stop') {
    void (async () => {
      await eventApi.close();
      await app.close();
      await fileLogger.close();
      logs.cleanup();
      process.exit(0);
    })();
  }
});

send({
  type: 'ready',
  bridge: { url: app.server.bridgeUrl, origin: app.server.origin, token: app.server.token },
  eventApi: { port: eventApi.port, token: eventApiToken },
});
