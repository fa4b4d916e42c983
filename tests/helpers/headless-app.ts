import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AppBackend } from '../../src/shared/app-protocol.js';
import { appPaths, type AppPaths } from '../../src/main/app-paths.js';
import { createAppCore, type AppCore } from '../../src/main/app-core/create-app-core.js';
import { ObservableHistory } from '../../src/main/app-core/observable-history.js';
import type { ClipboardPort, DictationPort } from '../../src/main/app-core/ports.js';
import { startHeadlessServer, type HeadlessServer } from '../../src/main/headless/headless-server.js';
import { HistoryStore } from '../../src/main/history/history-store.js';
import { silentLogger } from '../../src/main/logging/logger.js';
import { SettingsStore } from '../../src/main/settings/settings-store.js';
import { openDatabase, type Database } from '../../src/main/storage/database.js';
import { makeTempDir, projectRoot } from './fixtures.js';

export const rendererDir = path.join(projectRoot, 'dist', 'renderer');

export interface HeadlessApp {
  server: HeadlessServer;
  core: AppCore;
  settings: SettingsStore;
  history: ObservableHistory;
  database: Database;
  paths: AppPaths;
  close(): Promise<void>;
}

/**
 * The real app core (real settings file, real SQLite history) behind the real loopback bridge and the
 * built window (dist/renderer), in a temporary data folder.
 */
export async function startHeadlessApp(options: {
  /** The pipeline, or a function that builds it around the app's history (the real controller saves there). */
  dictation: DictationPort | ((history: ObservableHistory) => Promise<DictationPort>);
  clipboard?: ClipboardPort;
  /** Puts something between the core and the bridge (e.g. a newer app's protocol version). */
  wrapBackend?: (core: AppCore) => AppBackend;
  maxMessageBytes?: number;
}): Promise<HeadlessApp> {
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(
      `The window is not built (${rendererDir}/index.html is missing): run npm run build:renderer first.`,
    );
  }
  const temp = makeTempDir('dictation-headless-');
  const paths = appPaths(temp.dir);
  const logger = silentLogger();
  const settings = await SettingsStore.open({ file: paths.settingsFile, logger });
  const database = openDatabase(paths.databaseFile);
  const history = new ObservableHistory(new HistoryStore(database, { logger }));
  const dictation =
    typeof options.dictation === 'function' ? await options.dictation(history) : options.dictation;
  const core = createAppCore({
    paths,
    logger,
    dictation,
    settings,
    history,
    ...(options.clipboard ? { clipboard: options.clipboard } : {}),
  });
  const server = await startHeadlessServer({
    backend: options.wrapBackend ? options.wrapBackend(core) : core,
    rendererDir,
    logger,
    ...(options.maxMessageBytes ? { maxMessageBytes: options.maxMessageBytes } : {}),
  });
  return {
    server,
    core,
    settings,
    history,
    database,
    paths,
    async close() {
      await server.close();
      core.close();
      database.close();
      temp.cleanup();
    },
  };
}
