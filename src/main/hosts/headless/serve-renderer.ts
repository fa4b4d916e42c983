#!/usr/bin/env node
// The real window in a browser against the whole app, without Electron:
//   npm run serve:headless -- [--data-dir DIR] [--port N]     (default data folder: a new temporary one)
// The app runtime is the one the desktop app runs (settings, history, engine, microphone, delivery, jobs,
// models). Prints the page's URL (with the bridge token) on stdout; Ctrl+C stops it.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { forkEngineChannel } from '../../../engine/client/fork-channel.js';
import { projectRoot } from '../../../engine/project-root.js';
import { serializeError } from '../../../shared/errors.js';
import { appPaths } from '../../../services/app-paths.js';
import { createAppRuntime } from '../../app/create-app-runtime.js';
import { createStderrLogger } from '../../../services/logging/logger.js';
import { startHeadlessServer } from './headless-server.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '0' },
      'renderer-dir': { type: 'string', default: path.join(projectRoot(), 'dist', 'renderer') },
    },
  });
  const logger = createStderrLogger();
  // A fresh folder unless one is given, so a running desktop app's files are never touched by accident.
  const dataDir = values['data-dir'] ?? mkdtempSync(path.join(os.tmpdir(), 'dictation-headless-'));
  const paths = appPaths(path.resolve(dataDir));
  const runtime = await createAppRuntime({ paths, logger, startEngineChannel: () => forkEngineChannel() });
  await runtime.start();
  const server = await startHeadlessServer({
    backend: runtime.core,
    rendererDir: values['renderer-dir'],
    port: Number(values.port),
    logger,
  });
  process.stdout.write(`${server.url}\n`);
  // As the desktop app does once its window is up: what the start found (a damaged database moved
  // aside, settings that did not validate, recordings kept from the last run) is said in the window.
  runtime.announceStartupProblems();
  await runtime.announceKeptAudio();
  logger.info(
    { event: 'headless_started', origin: server.origin, dataDir: paths.dataDir },
    'serving the window',
  );

  const shutdown = async (signal: string): Promise<void> => {
    logger.info({ event: 'headless_stopping', signal }, 'stopping');
    await server.close();
    await runtime.shutdown({ reason: signal });
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`serve-renderer: ${JSON.stringify(serializeError(error))}\n`);
  process.exit(1);
});
