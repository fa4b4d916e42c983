import {
  AppRequest,
  type AppBackend,
  type AppEvent,
  type AppResponse,
  type LastTranscript,
} from '../../shared/app-protocol.js';
import { APP_PROTOCOL_VERSION } from '../../shared/app-ipc.js';
import type { DictationEvent } from '../../shared/dictation.js';
import { serializeError, type SerializedError } from '../../shared/errors.js';
import { z } from 'zod';
import type { AppPaths } from '../../services/app-paths.js';
import type { Logger } from '../../services/logging/logger.js';
import { EventHub } from './event-hub.js';
import { ObservableHistory } from './observable-history.js';
import type {
  ClipboardPort,
  DesktopPort,
  DictationPort,
  HistoryPort,
  IntegrationsPort,
  JobsPort,
  ModelsPort,
  SettingsPort,
  SetupPort,
  WakeModelsPort,
} from './ports.js';
import { routeRequest } from './route-request.js';

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
  /** The local event API and recorded sessions (Settings → Integrations, the Sessions view). */
  integrations?: IntegrationsPort;
  /** Wake phrase models: download (licence accepted), import, remove. */
  wakeModels?: WakeModelsPort;
}

export interface AppCore extends AppBackend {
  /** Shows a message in the window (hotkey not registered, update ready, ...). */
  notify(level: 'info' | 'warning' | 'error', message: string, hint?: string): void;
  /** Stops listening to the services; subscribers hear nothing more. */
  close(): void;
}

/**
 * The app behind the window, without Electron: validates each request from the renderer, carries it out
 * on the real services, and turns their events into AppEvents. The preload's IPC handler and the
 * loopback bridge both sit in front of this.
 */
export function createAppCore(options: AppCoreOptions): AppCore {
  const logger = options.logger.child({ component: 'app-core' });
  const hub = new EventHub<AppEvent>(logger, 'app-events');
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
    options.jobs?.subscribe((event) => hub.emit(event)),
    options.models?.onEvent((event) => hub.emit(event)),
    options.setup?.subscribe((event) => hub.emit(event)),
    options.integrations?.subscribe((event) => hub.emit(event)),
    options.wakeModels?.subscribe((event) => hub.emit(event)),
  ];

  const context = {
    dictation: options.dictation,
    settings: options.settings,
    history,
    jobs: options.jobs,
    models: options.models,
    clipboard: options.clipboard,
    desktop: options.desktop,
    setup: options.setup,
    integrations: options.integrations,
    wakeModels: options.wakeModels,
    exportedFiles: new Set<string>(),
    lastTranscript: () => lastTranscript,
    features: {
      jobs: options.jobs !== undefined,
      models: options.models !== undefined,
      clipboard: options.clipboard !== undefined,
      devices: options.dictation.listDevices !== undefined,
      setup: options.setup !== undefined,
      fileDialog: options.setup?.chooseModelFile !== undefined,
      sessions: options.integrations !== undefined,
      saveDialog: options.desktop?.chooseSavePath !== undefined,
      wakeModels: options.wakeModels !== undefined,
    },
  };

  logger.info(
    { event: 'app_core_started', dataDir: options.paths.dataDir, features: context.features },
    'app core ready',
  );

  return {
    protocolVersion: APP_PROTOCOL_VERSION,

    async handle(raw: unknown): Promise<AppResponse> {
      const parsed = AppRequest.safeParse(raw);
      if (!parsed.success) {
        const error: SerializedError = {
          kind: 'invalid_request',
          message: `The window sent a request the app does not understand: ${z.prettifyError(parsed.error)}`,
          hint: 'Reload the window; if it repeats, the window and the app are from different versions.',
        };
        logger.warn({ event: 'request_rejected', error }, 'invalid request');
        return { ok: false, error };
      }
      const request = parsed.data;
      try {
        const payload = await routeRequest(request, context);
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

    notify(level, message, hint) {
      const notice: AppEvent = { type: 'notice', timestamp: Date.now(), level, message };
      if (hint !== undefined) notice.hint = hint;
      hub.emit(notice);
    },

    close() {
      for (const unsubscribe of unsubscribers) unsubscribe?.();
      hub.clear();
    },
  };
}
