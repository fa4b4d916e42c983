import { remoteEngineHandlers } from '../../services/remote-engines/remote-engine-requests.js';
import type { RemoteEnginesService } from '../../services/remote-engines/remote-engines-service.js';
import type {
  AppBackend,
  AppEvent,
  AppFeatures,
  AppHandler,
  AppHandlers,
  AppRequest,
  AppResponse,
  AppRequestType,
  LastTranscript,
} from '../../shared/app-protocol.js';
import { APP_PROTOCOL_VERSION } from '../../shared/app-ipc.js';
import type { DictationEvent } from '../../shared/dictation.js';
import { serializeError } from '../../shared/errors.js';
import type { AppPaths } from '../../services/app-paths.js';
import { clipboardHandlers, type ClipboardPort } from '../../services/delivery/clipboard-requests.js';
import type { DesktopPort } from '../../services/desktop/desktop-port.js';
import { dictationHandlers, type DictationPort } from '../../services/dictation/dictation-requests.js';
import {
  integrationsEvents,
  integrationsHandlers,
  type IntegrationsPort,
} from '../../services/event-api/integrations-requests.js';
import {
  speechDeviceHandlers,
  type SpeechDevicesPort,
} from '../../services/engine-host/speech-device-requests.js';
import {
  speechModelHandlers,
  type SpeechModelStatusPort,
} from '../../services/dictation/speech-model-requests.js';
import { EventHub } from '../../services/events/event-hub.js';
import { NoticeBoard } from '../../services/events/notice-board.js';
import {
  historyAudioHandlers,
  type HistoryAudioPort,
} from '../../services/history/history-audio-requests.js';
import { historyHandlers, type HistoryPort } from '../../services/history/history-requests.js';
import { ObservableHistory } from '../../services/history/observable-history.js';
import { jobHandlers, type JobsPort } from '../../services/jobs/job-requests.js';
import type { Logger } from '../../services/logging/logger.js';
import { modelHandlers, type ModelsPort } from '../../services/models/model-requests.js';
import { wakeModelHandlers, type WakeModelsPort } from '../../services/models/wake-model-requests.js';
import { recordingHandlers, type RecordingsPort } from '../../services/recording/recording-requests.js';
import { settingsHandlers, type SettingsPort } from '../../services/settings/settings-requests.js';
import { setupHandlers, type SetupPort } from '../../services/setup/setup-requests.js';

export interface AppCoreOptions {
  paths: AppPaths;
  logger: Logger;
  dictation: DictationPort;
  settings: SettingsPort;
  /** Pass an ObservableHistory shared with the dictation pipeline so added entries reach the window. */
  history: HistoryPort | ObservableHistory;
  jobs?: JobsPort;
  models?: ModelsPort;
  clipboard?: ClipboardPort;
  /** The desktop shell's file dialog and file opener (Electron); absent in the headless server. */
  desktop?: DesktopPort;
  /** The VAD model, the microphone check and the model file picker (first-run setup). */
  setup?: SetupPort;
  /** The local event API and whether a session is recording (Settings → Integrations). */
  integrations?: IntegrationsPort;
  /** Recorded sessions on disk (the Sessions view). */
  recordings?: RecordingsPort;
  /** Wake phrase models: download (licence accepted), import, remove. */
  wakeModels?: WakeModelsPort;
  /** Dictations' kept audio: play it, transcribe it again. */
  historyAudio?: HistoryAudioPort;
  /** The GPUs the speech engine found and the device the model runs on. */
  speechDevices?: SpeechDevicesPort;
  /** The loaded speech model and why the chosen one is not in use. */
  speechModel?: SpeechModelStatusPort;
  /** Remote transcription servers: health and API keys. */
  remoteEngines?: RemoteEnginesService;
  /** Messages from the services for the window; default: a board of the core's own. */
  notices?: NoticeBoard;
}

export interface AppCore extends AppBackend {
  /** Shows a message in the window (hotkey not registered, update ready, ...). */
  notify(level: 'info' | 'warning' | 'error', message: string, hint?: string): void;
  /** Stops listening to the services; subscribers hear nothing more. */
  close(): void;
}

/**
 * The app behind the window, without Electron: answers each request (validated where it entered main)
 * from the feature handler tables, and turns the services' events into AppEvents. The preload's IPC
 * handler and the loopback bridge both sit in front of this.
 */
export function createAppCore(options: AppCoreOptions): AppCore {
  const logger = options.logger.child({ component: 'app-core' });
  const hub = new EventHub<AppEvent>(logger, 'app-events');
  const notices = options.notices ?? new NoticeBoard(logger);
  const history =
    options.history instanceof ObservableHistory ? options.history : new ObservableHistory(options.history);
  let lastTranscript: LastTranscript | null = null;

  const onDictationEvent = (event: DictationEvent): void => {
    if (event.type === 'delivered') {
      lastTranscript = {
        sessionId: event.sessionId,
        text: event.text,
        timestamp: event.timestamp,
        notice: event.notice,
        ...(event.raw !== undefined ? { raw: event.raw } : {}),
        ...(event.engine !== undefined ? { engine: event.engine } : {}),
      };
    }
    hub.emit(event);
    if (event.type === 'delivered' && event.notice) {
      hub.emit({ type: 'notice', timestamp: event.timestamp, level: 'warning', message: event.notice });
    }
  };

  const unsubscribers = [
    options.dictation.subscribe(onDictationEvent),
    options.settings.subscribe((settings) =>
      hub.emit({ type: 'settings_changed', timestamp: Date.now(), settings }),
    ),
    history.subscribe((change) => hub.emit({ type: 'history_changed', timestamp: Date.now(), ...change })),
    notices.subscribe((notice) => hub.emit({ type: 'notice', timestamp: Date.now(), ...notice })),
    options.jobs?.subscribe((event) => hub.emit(event)),
    options.models?.onEvent((event) => hub.emit(event)),
    options.setup?.subscribe((event) => hub.emit(event)),
    options.integrations ? integrationsEvents(options.integrations, (event) => hub.emit(event)) : undefined,
    options.wakeModels?.subscribe((event) => hub.emit(event)),
  ];

  const features: AppFeatures = {
    jobs: options.jobs !== undefined,
    models: options.models !== undefined,
    clipboard: options.clipboard !== undefined,
    devices: options.dictation.listDevices !== undefined,
    setup: options.setup !== undefined,
    fileDialog: options.setup?.chooseModelFile !== undefined,
    sessions: options.integrations !== undefined && options.recordings !== undefined,
    saveDialog: options.desktop?.chooseSavePath !== undefined,
    wakeModels: options.wakeModels !== undefined,
    historyAudio: options.historyAudio !== undefined,
    speechDevices: options.speechDevices !== undefined,
    speechModelStatus: options.speechModel !== undefined,
    remoteEngines: options.remoteEngines !== undefined,
  };

  const handlers: AppHandlers = {
    get_state: () => ({
      protocolVersion: APP_PROTOCOL_VERSION,
      dictation: options.dictation.status(),
      lastTranscript,
      settings: options.settings.get(),
      settingsWarnings: [...options.settings.warnings],
      features,
    }),
    ...dictationHandlers(options.dictation),
    ...historyHandlers(history),
    ...historyAudioHandlers(options.historyAudio),
    ...settingsHandlers(options.settings),
    ...clipboardHandlers(options.clipboard),
    ...jobHandlers(options.jobs, options.desktop),
    ...modelHandlers(options.models),
    ...setupHandlers(options.setup),
    ...wakeModelHandlers(options.wakeModels),
    ...speechDeviceHandlers(options.speechDevices),
    ...speechModelHandlers(options.speechModel),
    ...remoteEngineHandlers(options.remoteEngines),
    ...integrationsHandlers(options.integrations),
    ...recordingHandlers(options.recordings, options.desktop),
  };

  logger.info({ event: 'app_core_started', dataDir: options.paths.dataDir, features }, 'app core ready');

  return {
    protocolVersion: APP_PROTOCOL_VERSION,

    async handle(request: AppRequest): Promise<AppResponse> {
      try {
        const handler = handlers[request.type] as AppHandler<AppRequestType>;
        const payload = await handler(request as never);
        return { ok: true, payload } as AppResponse;
      } catch (error) {
        const serialized = serializeError(error);
        const level = serialized.kind === 'internal' ? 'error' : 'warn';
        logger[level](
          { event: 'request_failed', request: request.type, error: serialized },
          'request failed',
        );
        // Stacks and native output stay in the log; the window gets what a person can act on.
        const { detail: _detail, ...forWindow } = serialized;
        return { ok: false, error: forWindow };
      }
    },

    subscribe: (listener) => hub.subscribe(listener),

    notify: (level, message, hint) => notices.notify(level, message, hint),

    close() {
      for (const unsubscribe of unsubscribers) unsubscribe?.();
      hub.clear();
    },
  };
}
