import type { SecretCipher } from '../../src/services/remote-engines/api-key-store.js';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AppBackend, AppEvent } from '../../src/shared/app-protocol.js';
import { forkEngineChannel } from '../../src/engine/client/fork-channel.js';
import { createAppRuntime, type AppRuntime } from '../../src/main/app/create-app-runtime.js';
import { appPaths, type AppPaths } from '../../src/services/app-paths.js';
import { createAppCore, type AppCore } from '../../src/main/app/create-app-core.js';
import { ObservableHistory } from '../../src/services/history/observable-history.js';
import type { ClipboardPort } from '../../src/services/delivery/clipboard-requests.js';
import type { DictationPort } from '../../src/services/dictation/dictation-requests.js';
import type { JobsPort } from '../../src/services/jobs/job-requests.js';
import type { BridgeLimits } from '../../src/main/hosts/headless/bridge-server.js';
import { startHeadlessServer, type HeadlessServer } from '../../src/main/hosts/headless/headless-server.js';
import { HistoryStore } from '../../src/services/history/history-store.js';
import { silentLogger, type Logger } from '../../src/services/logging/logger.js';
import { SettingsStore } from '../../src/services/settings/settings-store.js';
import { openDatabase, type Database } from '../../src/services/storage/database.js';
import { fixtures, makeTempDir, projectRoot } from './fixtures.js';
import { PushSource } from './push-source.js';

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
  /** The bridge's client cap, rate limit, back-pressure and token back-off (defaults otherwise). */
  bridgeLimits?: BridgeLimits;
  /** A file job queue on the app's database (e.g. a real JobQueue); closed before the database. */
  jobs?: (database: Database) => JobsPort & { close(): Promise<void> };
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
  const jobs = options.jobs?.(database);
  const core = createAppCore({
    paths,
    logger,
    dictation,
    settings,
    history,
    ...(options.clipboard ? { clipboard: options.clipboard } : {}),
    ...(jobs ? { jobs } : {}),
  });
  const server = await startHeadlessServer({
    backend: options.wrapBackend ? options.wrapBackend(core) : core,
    rendererDir,
    logger,
    ...(options.maxMessageBytes ? { maxMessageBytes: options.maxMessageBytes } : {}),
    ...(options.bridgeLimits ? { bridgeLimits: options.bridgeLimits } : {}),
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
      await jobs?.close();
      core.close();
      database.close();
      temp.cleanup();
    },
  };
}

export interface HeadlessRuntime {
  runtime: AppRuntime;
  server: HeadlessServer;
  /** The microphone stand-in: the test pushes samples into it. */
  source: PushSource;
  /** Every AppEvent the core published, in order. */
  events: AppEvent[];
  close(): Promise<void>;
}

/**
 * The whole app as the desktop shell builds it (createAppRuntime: settings, SQLite history, the engine
 * process with Silero VAD and whisper.cpp, the dictation pipeline, text delivery, models) behind the
 * loopback bridge. The one stand-in is the microphone (PushSource); the desktop environment is left out
 * of `env`, so delivery finds no desktop session and leaves the text for the user to copy, as it
 * would on a machine without one.
 */
export async function startHeadlessRuntime(options: {
  model: string;
  /** Speech settings besides the model (language is English). */
  speech?: object;
  /** The engine process's environment (e.g. a Vulkan driver to use); default: this process's. */
  engineEnv?: NodeJS.ProcessEnv;
  /** Other settings groups written into settings.json before the app starts (e.g. integrations). */
  settings?: Record<string, object>;
  bridgeLimits?: BridgeLimits;
  /** Default: silent. */
  logger?: Logger;
  /** Model files copied into the models folder first (file name -> source), as if installed. */
  installModels?: Record<string, string>;
  /** Seals remote engines' API keys (the app passes Electron's safeStorage). */
  secretCipher?: SecretCipher;
}): Promise<HeadlessRuntime> {
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(
      `The window is not built (${rendererDir}/index.html is missing): run npm run build:renderer first.`,
    );
  }
  const temp = makeTempDir('dictation-headless-');
  const paths = appPaths(temp.dir);
  const speech = { ...options.speech, model: options.model, language: 'en' };
  writeFileSync(paths.settingsFile, JSON.stringify({ ...options.settings, speech }));
  for (const [name, source] of Object.entries(options.installModels ?? {})) {
    mkdirSync(paths.modelsDir, { recursive: true });
    copyFileSync(source, path.join(paths.modelsDir, name));
  }
  const logger = options.logger ?? silentLogger();
  const source = new PushSource();
  const runtime = await createAppRuntime({
    paths,
    logger,
    startEngineChannel: () =>
      options.engineEnv ? forkEngineChannel({ env: options.engineEnv }) : forkEngineChannel(),
    createAudioSource: () => source,
    listDevices: () => [],
    jobs: false,
    ...(options.secretCipher ? { secretCipher: options.secretCipher } : {}),
    env: { PATH: process.env['PATH'] ?? '', DICTATION_VAD_MODEL: fixtures.sileroVad },
  });
  const events: AppEvent[] = [];
  runtime.core.subscribe((event) => events.push(event));
  await runtime.start();
  const problem = runtime.readiness();
  if (problem) throw problem;
  const server = await startHeadlessServer({
    backend: runtime.core,
    rendererDir,
    logger,
    ...(options.bridgeLimits ? { bridgeLimits: options.bridgeLimits } : {}),
  });
  return {
    runtime,
    server,
    source,
    events,
    async close() {
      await server.close();
      await runtime.shutdown({ reason: 'test cleanup', utteranceWaitMs: 100 });
      temp.cleanup();
    },
  };
}
