#!/usr/bin/env node
// The real window in a browser against the real app core, without Electron:
//   npm run serve:headless -- [--data-dir DIR] [--port N]
// Prints the page's URL (with the bridge token) on stdout; Ctrl+C stops it.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serializeError } from '../../shared/errors.js';
import { appPaths } from '../app-paths.js';
import { createAppCore } from '../app-core/create-app-core.js';
import { ObservableHistory } from '../app-core/observable-history.js';
import { HistoryStore } from '../history/history-store.js';
import { createStderrLogger } from '../logging/logger.js';
import { SettingsStore } from '../settings/settings-store.js';
import { openDatabase } from '../storage/database.js';
import { startHeadlessServer } from './headless-server.js';
import { UnavailableDictation } from './unavailable-dictation.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '0' },
      'renderer-dir': { type: 'string', default: path.join(projectRoot, 'dist', 'renderer') },
    },
  });
  const logger = createStderrLogger();
  const dataDir = values['data-dir'] ?? mkdtempSync(path.join(os.tmpdir(), 'dictation-headless-'));
  const paths = appPaths(path.resolve(dataDir));
  const settings = await SettingsStore.open({ file: paths.settingsFile, logger });
  const database = openDatabase(paths.databaseFile);
  const history = new ObservableHistory(new HistoryStore(database, { logger }));
  // The one line to change when the headless pipeline is composed: a DictationController goes here.
  const dictation = new UnavailableDictation('the headless server has no microphone pipeline wired yet.');
  const core = createAppCore({ paths, logger, dictation, settings, history });
  const server = await startHeadlessServer({
    backend: core,
    rendererDir: values['renderer-dir'],
    port: Number(values.port),
    logger,
  });
  process.stdout.write(`${server.url}\n`);
  logger.info(
    { event: 'headless_started', origin: server.origin, dataDir: paths.dataDir },
    'serving the window',
  );

  const shutdown = async (signal: string): Promise<void> => {
    logger.info({ event: 'headless_stopping', signal }, 'stopping');
    await server.close();
    core.close();
    database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`serve-renderer: ${JSON.stringify(serializeError(error))}\n`);
  process.exit(1);
});
