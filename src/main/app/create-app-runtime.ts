import { existsSync } from 'node:fs';
import path from 'node:path';
import { EngineClient, type EngineChannel } from '../../engine/client/engine-client.js';
import { appVersion } from '../../engine/project-root.js';
import type { AppError } from '../../shared/errors.js';
import { serializeError } from '../../shared/errors.js';
import type { CatalogEntry } from '../../shared/models.js';
import type { FilePurpose } from '../../shared/setup.js';
import type { AppPaths } from '../../services/app-paths.js';
import type { AudioSource } from '../../services/capture/audio-source.js';
import { listMicrophones } from '../../services/capture/devices.js';
import { MicrophoneSource } from '../../services/capture/microphone-source.js';
import { defaultVadModelPath } from '../../services/capture/vad-model-path.js';
import { clipboardOf, type ClipboardPort } from '../../services/delivery/clipboard-requests.js';
import { createTextDelivery, type TextDelivery } from '../../services/delivery/index.js';
import type { DesktopPort } from '../../services/desktop/desktop-port.js';
import {
  DictationController,
  type CompletedDictation,
} from '../../services/dictation/dictation-controller.js';
import type { DeviceInfo } from '../../services/dictation/dictation-requests.js';
import { announceKeptAudio } from '../../services/dictation/kept-audio.js';
import { wakePhrase } from '../../services/dictation/listen-config.js';
import { PipelineConfigurator } from '../../services/dictation/pipeline-configurator.js';
import { readyGatedDictation } from '../../services/dictation/ready-dictation.js';
import { chosenSpeechModelSync } from '../../services/dictation/speech-model.js';
import { UtteranceTap } from '../../services/dictation/utterance-tap.js';
import { EngineHost } from '../../services/engine-host/engine-host.js';
import { speechDevicesOf } from '../../services/engine-host/speech-device-requests.js';
import { EventHub } from '../../services/events/event-hub.js';
import { NoticeBoard, type Notice } from '../../services/events/notice-board.js';
import { saveDictationsToHistory } from '../../services/history/dictation-history.js';
import { createHistoryAudio } from '../../services/history/history-audio-service.js';
import { HistoryStore } from '../../services/history/history-store.js';
import { keepHistoryPruned } from '../../services/history/history-retention.js';
import { ObservableHistory } from '../../services/history/observable-history.js';
import { DictationPriority, yieldJobsToDictation } from '../../services/jobs/dictation-priority.js';
import { jobDefaults } from '../../services/jobs/job-defaults.js';
import { JobQueue } from '../../services/jobs/job-queue.js';
import type { Logger } from '../../services/logging/logger.js';
import { followActiveModel } from '../../services/models/active-model-setting.js';
import { ModelManager } from '../../services/models/model-manager.js';
import { modelNameFromFile } from '../../services/models/model-store.js';
import { createWakeModelsService } from '../../services/models/wake-models-service.js';
import type { SecretCipher } from '../../services/remote-engines/api-key-store.js';
import { setUpRemoteEngines } from '../../services/remote-engines/remote-engines-setup.js';
import { SessionEventRecorder } from '../../services/run-log/session-event-recorder.js';
import { SessionLog } from '../../services/run-log/session-log.js';
import { SettingsStore } from '../../services/settings/settings-store.js';
import { DeliveryStage } from '../../services/shaping/delivery-stage.js';
import { createSetupService } from '../../services/setup/setup-service.js';
import { databaseStartupNotices, openCheckedDatabase } from '../../services/storage/database-check.js';
import type { Database } from '../../services/storage/database.js';
import { createAppCore, type AppCore } from './create-app-core.js';
import { createIntegrations, type Integrations } from './create-integrations.js';
import { shutdownRuntime, type ShutdownOptions, type ShutdownReport } from './shutdown.js';
import { microphoneDeviceId } from '../../services/capture/microphone-device-id.js';

export interface AppRuntimeOptions {
  paths: AppPaths;
  logger: Logger;
  /** Starts one engine process: child_process.fork under Node, an Electron utility process in the app. */
  startEngineChannel: () => EngineChannel;
  /** The audio source for a dictation; default: the microphone chosen in settings (naudiodon). */
  createAudioSource?: (deviceId: number | null) => AudioSource;
  /** Default: PortAudio's input devices. */
  listDevices?: () => readonly DeviceInfo[] | Promise<readonly DeviceInfo[]>;
  /** Default: the desktop's own tools (clipboard + paste keystroke). */
  delivery?: TextDelivery;
  /** Copy from the window and the tray; default: the delivery's copy-only mode. */
  clipboard?: ClipboardPort;
  /** The desktop shell's file dialog and file opener; without it the window says they are unavailable. */
  desktop?: DesktopPort;
  /** A native dialog to choose a model file (the desktop app); without it the window asks for a path. */
  chooseModelFile?: (purpose: FilePurpose) => Promise<string | null>;
  /** The model catalog (default: the published whisper.cpp models; tests pass their fixtures'). */
  modelCatalog?: readonly CatalogEntry[];
  /** The file job queue (default on). */
  jobs?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Engine restart waits (tests shorten them). */
  engineBackoffMs?: readonly number[];
  /** Seals remote engines' API keys (Electron's safeStorage in the app; tests inject one). Without it keys cannot be stored. */
  secretCipher?: SecretCipher;
}

export interface AppRuntime {
  readonly paths: AppPaths;
  readonly logger: Logger;
  readonly database: Database;
  readonly settings: SettingsStore;
  readonly history: ObservableHistory;
  readonly engine: EngineHost;
  readonly dictation: DictationController;
  /** The text rules and per-app profiles between recognition and the desktop; pastes the last text again. */
  readonly deliveryStage: DeliveryStage;
  readonly jobs: JobQueue | null;
  readonly models: ModelManager;
  /** What the window talks to (the preload's IPC and the loopback bridge sit in front of it). */
  readonly core: AppCore;
  readonly sessionLog: SessionLog;
  /** The event API, session recording and the transcription server (Settings → Integrations). */
  readonly integrations: Integrations;
  readonly vadModelPath: string;
  /** Null when a dictation can start now; otherwise why not and what to do. */
  readiness(): AppError | null;
  /** Looks again for missing model files, then answers like readiness(). */
  recheckReadiness(): Promise<AppError | null>;
  /** True while the microphone is open between dictations (the always-on pre-roll): show it. */
  microphoneArmed(): boolean;
  /** The wake phrase the open microphone listens for, or null (shown in the tray: privacy). */
  wakePhrase(): string | null;
  /** Called when readiness or the microphone's state changes. */
  onChange(listener: () => void): () => void;
  /** Tells the user (through the window's notices and the shell's listeners) why something cannot be done. */
  explain(error: AppError): void;
  /** The shell's way to show what explain() says outside the window (notification, raising the window). */
  onExplain(listener: (error: AppError) => void): () => void;
  /** Starts the engine, loads the model, arms the listener and the microphone; never throws. */
  start(): Promise<void>;
  /** Recordings an earlier run kept because it quit before they were transcribed (announced in the window). */
  announceKeptAudio(): Promise<string[]>;
  /** Problems found while starting (a damaged database moved aside), shown in the window; their messages. */
  announceStartupProblems(): string[];
  /** Graceful stop: capture, the utterance in flight (finished or its audio kept), jobs, engine, files. */
  shutdown(options?: ShutdownOptions): Promise<ShutdownReport>;
}

/**
 * The composition root: builds the whole app without Electron (storage, settings, history, the engine,
 * the dictation pipeline, file jobs, models, the event API, recordings, the app core the window talks
 * to) and wires them together. Behaviour lives in the services; this file only connects them. The
 * Electron shell, the headless server and the tests build it the same way.
 */
export async function createAppRuntime(options: AppRuntimeOptions): Promise<AppRuntime> {
  const { paths, logger } = options;
  const env = options.env ?? process.env;
  const notices = new NoticeBoard(logger);
  const warn = (message: string, hint?: string) => notices.notify('warning', message, hint);

  const settings = await SettingsStore.open({ file: paths.settingsFile, logger });
  const checkedDatabase = openCheckedDatabase(paths.databaseFile, { logger });
  const database = checkedDatabase.db;
  // Said once the window can show it (announceStartupProblems), as the settings file's warnings are.
  const startupProblems: Notice[] = databaseStartupNotices(checkedDatabase);
  const history = new ObservableHistory(new HistoryStore(database, { logger }));
  const sessionLog = await SessionLog.open({ dir: path.join(paths.logsDir, 'sessions'), logger });
  const runLog = new SessionEventRecorder(sessionLog);
  sessionLog.write({
    type: 'session_start',
    appVersion: appVersion(),
    platform: process.platform,
    pid: process.pid,
  });

  const engine = new EngineHost({
    startChannel: options.startEngineChannel,
    clientName: 'dictation-app',
    logger: logger.child({ component: 'engine-host' }),
    ...(options.engineBackoffMs ? { backoffMs: options.engineBackoffMs } : {}),
  });
  const delivery = options.delivery ?? createTextDelivery({ logger, env });
  const tap = new UtteranceTap(settings.get().microphone.preRollMs);
  const createSource = options.createAudioSource ?? ((deviceId) => new MicrophoneSource({ deviceId }));
  const completed = new EventHub<CompletedDictation>(logger, 'completed-dictations');
  const deliveryStage = new DeliveryStage({
    delivery,
    settings: () => settings.get(),
    logger: logger.child({ component: 'text-rules' }),
    notify: warn,
    latestText: () => history.page({ limit: 1 }).entries[0]?.text ?? null,
  });
  const dictation = new DictationController({
    engine,
    createSource: () => tap.wrap(createSource(microphoneDeviceId(settings.get()))),
    deliver: (text, dictated) => remoteDictation.deliver(text, dictated),
    recognitionFor: (sessionId) => deliveryStage.recognitionFor(sessionId),
    onCompleted: (dictated) => completed.emit(dictated),
    logger: logger.child({ component: 'dictation' }),
    preRollArmed: settings.get().microphone.preRollArmed,
    preRollMs: settings.get().microphone.preRollMs,
  });

  const models = new ModelManager({
    modelsDir: paths.modelsDir,
    env,
    logger: logger.child({ component: 'models' }),
    isActiveModelInUse: () => engine.loadedModel !== null,
    ...(options.modelCatalog ? { catalog: options.modelCatalog } : {}),
  });
  const vadModelPath = defaultVadModelPath(paths.modelsDir, env);
  const pipeline = new PipelineConfigurator({
    engine,
    dictation,
    settings: () => settings.get(),
    modelsDir: paths.modelsDir,
    vadModelPath,
    managerActive: () => models.getActive(),
    logger: logger.child({ component: 'pipeline' }),
    onMicrophoneProblem: (error) => {
      runLog.error('microphone', error);
      warn(`The microphone is not open between dictations: ${error.message}`, error.hint);
    },
  });
  const modelFile = () => (pipeline.activeModelPath ? path.basename(pipeline.activeModelPath) : null);
  const activeModel = () =>
    chosenSpeechModelSync(settings.get(), paths.modelsDir) ?? pipeline.activeModelPath;

  const historyAudio = createHistoryAudio({
    dataDir: paths.dataDir,
    history,
    settings: () => settings.get(),
    logger,
    notify: warn,
    installedModels: () => models.list(),
    startEngine: () => EngineClient.connect(options.startEngineChannel(), 'dictation-retranscribe'),
    vadModelPath: () => (existsSync(vadModelPath) ? vadModelPath : null),
  });

  const remote = await setUpRemoteEngines({
    settings,
    dataDir: paths.dataDir,
    logger,
    cipher: options.secretCipher,
    pendingAudio: () => tap.pending(),
    deliver: (text, dictated) => deliveryStage.deliver(text, dictated),
    recognition: (sessionId) => deliveryStage.recognitionWithDefaults(sessionId),
  });
  const { engines: remoteEngines, pieces, dictation: remoteDictation } = remote;
  const priority = new DictationPriority();
  const jobs =
    options.jobs === false
      ? null
      : new JobQueue({
          db: database,
          engineFactory: () => EngineClient.connect(options.startEngineChannel(), 'dictation-jobs'),
          logger: logger.child({ component: 'jobs' }),
          notify: warn,
          priority,
          ...(pieces ? { pieces } : {}),
          defaults: () => jobDefaults(settings.get(), activeModel(), vadModelPath),
        });

  const integrations = createIntegrations({
    settings,
    dictation,
    engine,
    subscribeJobs: jobs ? (listener) => jobs.subscribe(listener) : undefined,
    sessionsDir: paths.sessionsDir,
    startEngineChannel: options.startEngineChannel,
    activeModel,
    logger,
    notify: warn,
  });
  const { recording } = integrations;

  const core = createAppCore({
    paths,
    logger,
    notices,
    dictation: readyGatedDictation(dictation, pipeline, options.listDevices ?? listMicrophones),
    settings,
    history,
    models,
    clipboard: options.clipboard ?? clipboardOf(delivery),
    setup: createSetupService({
      modelsDir: paths.modelsDir,
      vadModelPath,
      env,
      logger,
      microphone: dictation,
      preRollArmed: () => pipeline.microphoneArmed,
      onVadInstalled: () => pipeline.modelsChanged(),
      ...(options.chooseModelFile ? { chooseModelFile: options.chooseModelFile } : {}),
    }),
    integrations,
    historyAudio: historyAudio.port,
    recordings: recording,
    speechDevices: speechDevicesOf(engine),
    speechModel: { status: () => pipeline.modelStatus() },
    remoteEngines,
    wakeModels: createWakeModelsService({
      modelsDir: paths.modelsDir,
      env,
      logger,
      settings: () => settings.get(),
    }),
    ...(options.desktop ? { desktop: options.desktop } : {}),
    ...(jobs ? { jobs } : {}),
  });

  const unsubscribers = [
    completed.subscribe((dictated) => runLog.onCompleted(dictated)),
    completed.subscribe((dictated) => recording.onCompleted(dictated, modelFile() ?? 'unknown')),
    completed.subscribe(
      saveDictationsToHistory({
        history,
        modelName: () => {
          const file = modelFile();
          return file ? modelNameFromFile(file) : 'unknown';
        },
        logger,
        notify: warn,
        onError: (error, sessionId) => runLog.error('history', error, sessionId),
      }),
    ),
    completed.subscribe((dictated) => historyAudio.onCompleted(dictated)),
    dictation.subscribe((event) => {
      deliveryStage.onDictationEvent(event);
      tap.onDictationEvent(event);
      remoteDictation.onDictationEvent(event);
      runLog.onDictationEvent(event);
    }),
    yieldJobsToDictation(priority, (listener) => dictation.subscribe(listener)),
    engine.onState((state) => runLog.onEngineState(state)),
    settings.subscribe((next, previous) => pipeline.settingsChanged(next, previous)),
    followActiveModel(models, settings, () => pipeline.modelsChanged(), logger),
  ];

  let shutdownPromise: Promise<ShutdownReport> | null = null;
  const failed = (step: string) => (error: unknown) =>
    logger.error({ event: 'shutdown_step_failed', step, error: serializeError(error) }, step);
  const runtime: AppRuntime = {
    paths,
    logger,
    database,
    settings,
    history,
    engine,
    dictation,
    deliveryStage,
    jobs,
    models,
    core,
    sessionLog,
    integrations,
    vadModelPath,
    readiness: () => pipeline.readiness(),
    async recheckReadiness() {
      pipeline.retryProblems();
      await pipeline.settled();
      return pipeline.readiness();
    },
    microphoneArmed: () => pipeline.microphoneArmed,
    wakePhrase: () => (pipeline.microphoneArmed ? wakePhrase(settings.get()) : null),
    onChange: (listener) => pipeline.onChange(listener),
    explain: (error) => notices.explain(error),
    onExplain: (listener) => notices.onExplain(listener),
    announceKeptAudio: () =>
      announceKeptAudio(paths.dataDir, logger, (message, hint) => notices.notify('info', message, hint)),
    announceStartupProblems() {
      for (const notice of startupProblems) notices.notify(notice.level, notice.message, notice.hint);
      return startupProblems.map((notice) => notice.message);
    },
    async start() {
      unsubscribers.push(keepHistoryPruned(history, settings, logger), historyAudio.start());
      await pipeline.start();
      jobs?.start();
      await integrations.start();
      const problem = pipeline.readiness();
      logger.info(
        {
          event: 'runtime_started',
          ready: problem === null,
          problem: problem ? serializeError(problem) : null,
        },
        problem ? 'app started; dictation not ready yet' : 'app started; dictation ready',
      );
    },
    shutdown(shutdownOptions) {
      shutdownPromise ??= shutdownRuntime(
        {
          dictation,
          tap,
          jobs,
          engine,
          core,
          sessionLog,
          database,
          logger,
          dataDir: paths.dataDir,
          stopServers: () => integrations.stop(failed),
          close: () => {
            historyAudio.close().catch(failed('history_audio'));
            pipeline.close();
            for (const off of unsubscribers) off();
          },
        },
        shutdownOptions,
      );
      return shutdownPromise;
    },
  };
  return runtime;
}
