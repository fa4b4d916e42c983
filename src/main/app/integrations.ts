import type { ListenerEvent } from '../../engine/client/engine-client.js';
import { appVersion } from '../../engine/project-root.js';
import { serializeError } from '../../shared/errors.js';
import type { JobEvent } from '../../shared/jobs.js';
import type { Settings } from '../../shared/settings.js';
import type {
  EventApiState,
  IntegrationsStatus,
  SessionExportFormat,
  SessionList,
  SessionsChangeReason,
} from '../../shared/sessions.js';
import { EVENT_API_PATH } from '../../shared/event-api.js';
import type { IntegrationsEvent, IntegrationsPort } from './ports.js';
import { createBridgeToken } from '../../services/local-server/token.js';
import type {
  CompletedDictation,
  DictationController,
} from '../../services/dictation/dictation-controller.js';
import type { EngineHost } from '../../services/engine-host/engine-host.js';
import { dictationApiBackend } from '../../services/event-api/dictation-backend.js';
import { startEventApi, type EventApiServer } from '../../services/event-api/event-api-server.js';
import type { Logger } from '../../services/logging/logger.js';
import { SessionRecorder } from '../../services/recording/session-recorder.js';
import { SessionLibrary } from '../../services/recording/session-library.js';
import { repairSessions } from '../../services/recording/session-repair.js';
import type { SettingsStore } from '../../services/settings/settings-store.js';

type ApiEvent = Parameters<Parameters<ReturnType<typeof dictationApiBackend>['subscribe']>[0]>[0];

export interface IntegrationsOptions {
  settings: SettingsStore;
  dictation: DictationController;
  engine: EngineHost;
  subscribeJobs?: ((listener: (event: JobEvent) => void) => () => void) | undefined;
  sessionsDir: string;
  logger: Logger;
  /** Shown in the window when something here fails (a port in use, a disk full). */
  notify: (message: string, hint?: string) => void;
}

/**
 * The opt-in extras: the local event API (WebSocket on 127.0.0.1) and recorded sessions. Both follow
 * the settings live; both are off by default.
 */
export class Integrations implements IntegrationsPort {
  private api: EventApiServer | null = null;
  private apiKey = '';
  private apiState: EventApiState = { state: 'off' };
  private recorder: SessionRecorder | null = null;
  private readonly off: (() => void)[] = [];
  private readonly listeners = new Set<(event: IntegrationsEvent) => void>();
  /** Settings changes are applied one after another, so two never start the server at once. */
  private applying: Promise<void> = Promise.resolve();
  private readonly library: SessionLibrary;

  constructor(private readonly options: IntegrationsOptions) {
    this.library = new SessionLibrary(
      options.sessionsDir,
      () => this.recorder?.id ?? null,
      (dir, error) =>
        options.logger.warn({ dir, error: serializeError(error) }, 'a recorded session cannot be read'),
    );
  }

  status(): IntegrationsStatus {
    const api = this.apiState;
    return {
      eventApi: api.state === 'listening' && this.api ? { ...api, clients: this.api.clients } : api,
      recordingSessionId: this.recorder?.id ?? null,
      sessionsDir: this.options.sessionsDir,
    };
  }

  /** A new event API token; the old one stops working (the server restarts and drops its clients). */
  async regenerateToken(): Promise<string> {
    const token = createBridgeToken();
    await this.options.settings.update({ integrations: { eventApiToken: token } });
    await this.apply();
    this.options.logger.info({ event: 'event_api_token_regenerated' }, 'event API token replaced');
    return token;
  }

  listSessions(): SessionList {
    return { sessions: this.library.list(), sessionsDir: this.options.sessionsDir };
  }

  sessionFiles(id: string): { dir: string; audioFile: string } {
    const { dir, audioFile } = this.library.find(id);
    return { dir, audioFile };
  }

  exportSession(id: string, format: SessionExportFormat, target: string, overwrite: boolean): string {
    const written = this.library.exportCaptions(id, format, target, overwrite);
    this.options.logger.info({ event: 'session_exported', id, format, file: written }, 'session exported');
    return written;
  }

  deleteSession(id: string): void {
    this.library.delete(id);
    this.options.logger.info({ event: 'session_deleted', id }, 'recorded session deleted');
    this.sessionsChanged('deleted');
  }

  subscribe(listener: (event: IntegrationsEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async start(): Promise<void> {
    const repaired = repairSessions(this.options.sessionsDir, (dir, error) =>
      this.options.logger.warn({ dir, error: serializeError(error) }, 'a recorded session cannot be read'),
    );
    if (repaired.length > 0) {
      this.options.logger.warn({ repaired }, 'recorded sessions repaired after an unclean exit');
      this.options.notify(
        `${repaired.length} recorded session(s) from an earlier run were repaired and can be played.`,
      );
      this.sessionsChanged('repaired');
    }
    this.off.push(this.options.settings.subscribe(() => void this.apply()));
    await this.apply();
  }

  /** Saves a finished dictation into the session recording, when recording is on. */
  onCompleted(completed: CompletedDictation, model: string): void {
    const { integrations, speech } = this.options.settings.get();
    if (!integrations.recordSessions) return;
    try {
      const starting = this.recorder === null;
      this.recorder ??= new SessionRecorder(this.options.sessionsDir, {
        model,
        language: speech.language,
        appVersion: appVersion(),
      });
      const recorded = this.recorder.addDictation(
        completed.audio,
        completed.transcript.segments,
        completed.transcriptOffsetMs,
      );
      if (recorded.rolledOverFrom) {
        this.options.logger.info(
          { event: 'session_rolled_over', from: recorded.rolledOverFrom, to: recorded.sessionId },
          'the session audio reached the WAV size limit; recording goes on in a new session',
        );
      }
      this.sessionsChanged('recorded');
      if (starting || recorded.rolledOverFrom)
        this.emit({ type: 'integrations_changed', timestamp: Date.now(), status: this.status() });
    } catch (error) {
      const { message, hint } = serializeError(error);
      this.options.logger.error({ error: serializeError(error) }, 'session recording failed');
      this.options.notify(`The session recording failed: ${message}`, hint ?? 'Check the free disk space.');
      // A recorder whose write failed has stopped: the next dictation starts a new session.
      if (this.recorder?.stopped) this.stopRecording();
    }
  }

  async stop(): Promise<void> {
    for (const off of this.off.splice(0)) off();
    this.stopRecording();
    await this.closeApi();
  }

  /** Follows the current settings; resolves once this and every earlier change are in effect. */
  private apply(): Promise<void> {
    const run = () => this.applyNow(this.options.settings.get());
    this.applying = this.applying.then(run, run);
    return this.applying;
  }

  private async applyNow(settings: Settings): Promise<void> {
    if (!settings.integrations.recordSessions) this.stopRecording();
    const { eventApiEnabled, eventApiPort, eventApiToken, eventApiAllowedOrigins } = settings.integrations;
    if (!eventApiEnabled) {
      await this.closeApi();
      return this.setApiState({ state: 'off' });
    }
    if (!eventApiToken) {
      // The first time the API is turned on it gets its own token; saving it calls apply() again.
      await this.options.settings.update({ integrations: { eventApiToken: createBridgeToken() } });
      return;
    }
    const key = JSON.stringify([eventApiPort, eventApiToken, eventApiAllowedOrigins]);
    if (this.api && key === this.apiKey) return;
    await this.closeApi();
    this.setApiState({ state: 'starting', port: eventApiPort });
    try {
      this.api = await startEventApi({
        backend: dictationApiBackend(this.options.dictation, this.options.engine, appVersion(), (listener) =>
          this.extraEvents(listener),
        ),
        port: eventApiPort,
        token: eventApiToken,
        allowedOrigins: eventApiAllowedOrigins,
        logger: this.options.logger,
      });
      this.apiKey = key;
      this.setApiState({
        state: 'listening',
        port: this.api.port,
        url: `ws://127.0.0.1:${this.api.port}${EVENT_API_PATH}`,
        clients: 0,
      });
    } catch (error) {
      this.options.logger.error(
        { error: serializeError(error), port: eventApiPort },
        'event API not started',
      );
      const failed = listenFailure(error, eventApiPort);
      this.setApiState(failed);
      this.options.notify(failed.message, failed.hint);
    }
  }

  private setApiState(state: EventApiState): void {
    if (JSON.stringify(state) === JSON.stringify(this.apiState)) return;
    this.apiState = state;
    this.emit({ type: 'integrations_changed', timestamp: Date.now(), status: this.status() });
  }

  private sessionsChanged(reason: SessionsChangeReason): void {
    this.emit({ type: 'sessions_changed', timestamp: Date.now(), reason });
  }

  private emit(event: IntegrationsEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.options.logger.error({ error: serializeError(error) }, 'an integrations listener threw');
      }
    }
  }

  private extraEvents(listener: (event: ApiEvent) => void): () => void {
    const offEngine = this.options.engine.onListenerEvent((event: ListenerEvent) => {
      if (event.type === 'wake_word') {
        listener({
          type: 'wake_word',
          timestamp: event.timestamp,
          phrase: event.phrase,
          confidence: event.confidence,
        });
      }
    });
    const offJobs = this.options.subscribeJobs?.((event) => {
      if (event.type === 'job_updated') {
        listener({
          type: 'job',
          timestamp: event.timestamp,
          jobId: event.job.id,
          state: event.job.state,
          progress: event.job.progress,
        });
      }
    });
    return () => {
      offEngine();
      offJobs?.();
    };
  }

  private stopRecording(): void {
    if (!this.recorder) return;
    this.recorder.stop();
    this.recorder = null;
    this.sessionsChanged('stopped');
    this.emit({ type: 'integrations_changed', timestamp: Date.now(), status: this.status() });
  }

  private async closeApi(): Promise<void> {
    const api = this.api;
    this.api = null;
    this.apiKey = '';
    await api?.close();
  }
}

/** Why the server is not listening, in words a person can act on (a port in use is the usual case). */
function listenFailure(error: unknown, port: number): Extract<EventApiState, { state: 'failed' }> {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') {
    return {
      state: 'failed',
      port,
      message: `Port ${port} is already in use by another program, so the local event API is not listening.`,
      hint: `Choose another port (1024–65535) in Settings → Integrations and save, or quit the program that uses port ${port}.`,
    };
  }
  if (code === 'EACCES') {
    return {
      state: 'failed',
      port,
      message: `This system does not allow the app to listen on port ${port}, so the local event API is off.`,
      hint: 'Choose another port (1024–65535) in Settings → Integrations and save.',
    };
  }
  return {
    state: 'failed',
    port,
    message: `The local event API could not start on port ${port}: ${serializeError(error).message}`,
    hint: 'Choose another port in Settings → Integrations and save; if it repeats, check the log file.',
  };
}
