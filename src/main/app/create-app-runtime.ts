import { statSync } from 'node:fs';
import path from 'node:path';
import { EngineClient, type EngineChannel } from '../../engine/client/engine-client.js';
import { appVersion } from '../../engine/project-root.js';
import type { DictationEvent } from '../../shared/dictation.js';
import { AppError, serializeError } from '../../shared/errors.js';
import type { Settings } from '../../shared/settings.js';
import type { CatalogEntry } from '../../shared/models.js';
import type { FilePurpose } from '../../shared/setup.js';
import { createAppCore, type AppCore } from './create-app-core.js';
import { historyEntryOf } from './dictation-history.js';
import { ObservableHistory } from './observable-history.js';
import type { ClipboardPort, DesktopPort, DeviceInfo, DictationPort } from './ports.js';
import type { AppPaths } from '../../services/app-paths.js';
import type { AudioSource } from '../../services/capture/audio-source.js';
import { listMicrophones } from '../../services/capture/devices.js';
import { MicrophoneSource } from '../../services/capture/microphone-source.js';
import { defaultVadModelPath } from '../../services/capture/vad-model-path.js';
import { createTextDelivery, type TextDelivery } from '../../services/delivery/index.js';
import { DictationController } from '../../services/dictation/dictation-controller.js';
import { EngineHost } from '../../services/engine-host/engine-host.js';
import { HistoryStore } from '../../services/history/history-store.js';
import { DictationPriority } from '../../services/jobs/dictation-priority.js';
import { JobQueue } from '../../services/jobs/job-queue.js';
import type { Logger } from '../../services/logging/logger.js';
import { ModelManager } from '../../services/models/model-manager.js';
import { modelNameFromFile } from '../../services/models/model-store.js';
import { SessionLog } from '../../services/run-log/session-log.js';
import { SessionEventRecorder } from '../../services/run-log/session-event-recorder.js';
import { SettingsStore } from '../../services/settings/settings-store.js';
import { openDatabase, type Database } from '../../services/storage/database.js';
import { keptAudioDir, listKeptAudio } from './kept-audio.js';
import { PipelineConfigurator } from './pipeline-configurator.js';
import { createSetupService } from './setup-service.js';
import { createWakeModelsService } from './wake-models-service.js';
import { shutdownRuntime, type ShutdownOptions, type ShutdownReport } from './shutdown.js';
import { chosenSpeechModelSync } from './speech-model.js';
import { UtteranceTap } from './utterance-tap.js';
import { Integrations } from './integrations.js';
import { wakePhrase } from './listen-config.js';

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
}

export interface AppRuntime {
  readonly paths: AppPaths;
  readonly logger: Logger;
  readonly database: Database;
  readonly settings: SettingsStore;
  readonly history: ObservableHistory;
  readonly engine: EngineHost;
  readonly dictation: DictationController;
  readonly jobs: JobQueue | null;
  readonly models: ModelManager;
  /** What the window talks to (the preload's IPC and the loopback bridge sit in front of it). */
  readonly core: AppCore;
  readonly sessionLog: SessionLog;
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
  /** Graceful stop: capture, the utterance in flight (finished or its audio kept), jobs, engine, files. */
  shutdown(options?: ShutdownOptions): Promise<ShutdownReport>;
}

/**
 * The whole app without Electron: storage, settings, history, the engine, the dictation pipeline with
 * the microphone and text delivery, file jobs, the model manager, and the app core the window talks
 * to. The Electron shell, the headless server and the tests build it the same way.
 */
export async function createAppRuntime(options: AppRuntimeOptions): Promise<AppRuntime> {
  const { paths } = options;
  const env = options.env ?? process.env;
  const logger = options.logger;
  const settings = await SettingsStore.open({ file: paths.settingsFile, logger });
  const database = openDatabase(paths.databaseFile);
  const history = new ObservableHistory(new HistoryStore(database, { logger }));
  const sessionLog = await SessionLog.open({ dir: path.join(paths.logsDir, 'sessions'), logger });
  const recorder = new SessionEventRecorder(sessionLog);
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
  let configurator: PipelineConfigurator | null = null;
  let integrations: Integrations | null = null;

  const dictation = new DictationController({
    engine,
    createSource: () => tap.wrap(createSource(deviceIdOf(settings.get()))),
    deliver: (text) => {
      const { method, trailingSpace } = settings.get().delivery;
      return delivery.deliverText(text, { mode: method, trailingSpace });
    },
    onCompleted: (completed) => {
      recorder.onCompleted(completed);
      const activeModel = configurator?.activeModelPath;
      integrations?.onCompleted(completed, activeModel ? path.basename(activeModel) : 'unknown');
      try {
        const modelPath = configurator?.activeModelPath;
        history.add(
          historyEntryOf(completed, modelPath ? modelNameFromFile(path.basename(modelPath)) : 'unknown'),
        );
      } catch (error) {
        recorder.error('history', error, completed.sessionId);
        logger.error(
          { event: 'history_save_failed', error: serializeError(error) },
          'dictation not saved to history',
        );
      }
    },
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
  const priority = new DictationPriority();
  const jobs =
    options.jobs === false
      ? null
      : new JobQueue({
          db: database,
          engineFactory: () => EngineClient.connect(options.startEngineChannel(), 'dictation-jobs'),
          logger: logger.child({ component: 'jobs' }),
          priority,
          defaults: () => {
            const current = settings.get();
            const model =
              chosenSpeechModelSync(current, paths.modelsDir) ?? configurator?.activeModelPath ?? null;
            return jobDefaults(current, model, vadModelPath);
          },
        });

  const explainListeners = new Set<(error: AppError) => void>();
  const pipeline = new PipelineConfigurator({
    engine,
    dictation,
    settings: () => settings.get(),
    modelsDir: paths.modelsDir,
    vadModelPath,
    managerActive: () => models.getActive(),
    logger: logger.child({ component: 'pipeline' }),
    onMicrophoneProblem: (error) => {
      recorder.error('microphone', error);
      core.notify('warning', `The microphone is not open between dictations: ${error.message}`, error.hint);
    },
  });
  configurator = pipeline;

  const dictationPort: DictationPort = {
    start: async (trigger) => {
      let problem = pipeline.readiness();
      if (problem && problem.kind !== 'unavailable') {
        // A model may have been installed since (the CLI, a download): look before refusing.
        pipeline.retryProblems();
        await pipeline.settled();
        problem = pipeline.readiness();
      }
      if (problem) throw problem;
      return dictation.start(trigger);
    },
    stop: () => dictation.stop(),
    cancel: () => dictation.cancel(),
    status: () => dictation.status(),
    subscribe: (listener) => dictation.subscribe(listener),
    listDevices: options.listDevices ?? listMicrophones,
  };
  const setup = createSetupService({
    modelsDir: paths.modelsDir,
    vadModelPath,
    env,
    logger,
    microphone: dictation,
    preRollArmed: () => pipeline.microphoneArmed,
    onVadInstalled: () => pipeline.modelsChanged(),
    ...(options.chooseModelFile ? { chooseModelFile: options.chooseModelFile } : {}),
  });
  integrations = new Integrations({
    settings,
    dictation,
    engine,
    subscribeJobs: jobs ? (listener) => jobs.subscribe(listener) : undefined,
    sessionsDir: paths.sessionsDir,
    logger: logger.child({ component: 'integrations' }),
    // Called only once start() runs, after the core below exists.
    notify: (message, hint) => core.notify('warning', message, hint),
  });
  const integrationsRef = integrations;
  const core = createAppCore({
    paths,
    logger,
    dictation: dictationPort,
    settings,
    history,
    models,
    clipboard: options.clipboard ?? copyWith(delivery),
    setup,
    integrations,
    wakeModels: createWakeModelsService({
      modelsDir: paths.modelsDir,
      env,
      logger,
      settings: () => settings.get(),
    }),
    ...(options.desktop ? { desktop: options.desktop } : {}),
    ...(jobs ? { jobs } : {}),
  });

  let releasePriority: (() => void) | null = null;
  const onDictationEvent = (event: DictationEvent): void => {
    tap.onDictationEvent(event);
    recorder.onDictationEvent(event);
    if (event.type !== 'state') return;
    const busy = event.status.phase === 'recording' || event.status.phase === 'transcribing';
    if (busy && !releasePriority) releasePriority = priority.hold();
    if (!busy && releasePriority) {
      releasePriority();
      releasePriority = null;
    }
  };
  const retention = () => {
    const days = settings.get().app.historyRetentionDays;
    if (days > 0) history.prune(days);
  };
  const retentionTimer = setInterval(retention, 6 * 60 * 60 * 1000);
  retentionTimer.unref();

  const unsubscribers = [
    dictation.subscribe(onDictationEvent),
    engine.onState((state) => recorder.onEngineState(state)),
    settings.subscribe((next, previous) => {
      pipeline.settingsChanged(next, previous);
      if (next.app.historyRetentionDays !== previous.app.historyRetentionDays) retention();
    }),
    models.onEvent((event) => {
      if (
        event.type === 'active_model_changed' &&
        event.model &&
        event.model.file !== settings.get().speech.model
      ) {
        // The model manager's choice becomes the setting, which reloads the engine.
        settings.update({ speech: { model: event.model.file } }).catch((error: unknown) => {
          logger.error(
            { event: 'active_model_sync_failed', error: serializeError(error) },
            'model choice not saved',
          );
        });
      } else if (
        ['active_model_changed', 'download_completed', 'model_imported', 'model_removed'].includes(event.type)
      ) {
        pipeline.modelsChanged();
      }
    }),
  ];

  let shutdownPromise: Promise<ShutdownReport> | null = null;
  const runtime: AppRuntime = {
    paths,
    logger,
    database,
    settings,
    history,
    engine,
    dictation,
    jobs,
    models,
    core,
    sessionLog,
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
    explain(error) {
      core.notify('warning', error.message, error.hint);
      for (const listener of [...explainListeners]) listener(error);
    },
    onExplain(listener) {
      explainListeners.add(listener);
      return () => explainListeners.delete(listener);
    },
    announceKeptAudio: () => announceKeptAudio(runtime),
    async start() {
      try {
        retention();
      } catch (error) {
        logger.error(
          { event: 'history_prune_failed', error: serializeError(error) },
          'old history not pruned',
        );
      }
      await pipeline.start();
      jobs?.start();
      await integrationsRef.start();
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
          close: () => {
            void integrationsRef.stop();
            clearInterval(retentionTimer);
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

function deviceIdOf(settings: Settings): number | null {
  const id = settings.microphone.deviceId;
  if (id === null) return null;
  const numeric = Number(id);
  return Number.isInteger(numeric) ? numeric : null;
}

function jobDefaults(settings: Settings, modelPath: string | null, vadModelPath: string) {
  const { speech } = settings;
  return {
    ...(modelPath ? { modelPath } : {}),
    language: speech.language,
    translate: speech.translate,
    prompt: speech.initialPrompt,
    ...(vadModelPathIfPresent(vadModelPath) ? { vadModelPath } : {}),
  };
}

/** Jobs run without VAD trimming rather than fail when the VAD model is missing. */
function vadModelPathIfPresent(vadModelPath: string): boolean {
  // Synchronous because the queue asks for its defaults synchronously; one stat when a job is added.
  return statSync(vadModelPath, { throwIfNoEntry: false })?.isFile() ?? false;
}

function copyWith(delivery: TextDelivery): ClipboardPort {
  return {
    async writeText(text) {
      const result = await delivery.deliverText(text, { mode: 'copy' });
      if (!result.ok) {
        throw new AppError('unavailable', result.fallback?.message ?? 'The clipboard cannot be used here.', {
          ...(result.fallback?.hint ? { hint: result.fallback.hint } : {}),
        });
      }
    },
  };
}

async function announceKeptAudio(runtime: AppRuntime): Promise<string[]> {
  const kept = await listKeptAudio(runtime.paths.dataDir);
  if (kept.length === 0) return kept;
  runtime.logger.warn(
    { event: 'kept_audio_found', files: kept },
    'recordings from an earlier run were not transcribed',
  );
  runtime.core.notify(
    'info',
    `${kept.length === 1 ? 'A recording' : `${kept.length} recordings`} could not be transcribed before Dictation last quit; the audio is kept in ${keptAudioDir(runtime.paths.dataDir)}.`,
    'Drop the file on the window to transcribe it as a file job, then delete it.',
  );
  return kept;
}
