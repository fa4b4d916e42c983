import type { ListenerEvent } from '../../engine/client/engine-client.js';
import { appVersion } from '../../engine/project-root.js';
import { serializeError } from '../../shared/errors.js';
import type { JobEvent } from '../../shared/jobs.js';
import type { Settings } from '../../shared/settings.js';
import { createBridgeToken } from '../bridge/token.js';
import type { CompletedDictation, DictationController } from '../dictation/dictation-controller.js';
import type { EngineHost } from '../engine-host/engine-host.js';
import { dictationApiBackend } from '../event-api/dictation-backend.js';
import { startEventApi, type EventApiServer } from '../event-api/event-api-server.js';
import type { Logger } from '../logging/logger.js';
import { SessionRecorder } from '../recorder/session-recorder.js';
import { repairSessions } from '../recorder/session-repair.js';
import type { SettingsStore } from '../settings/settings-store.js';

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
export class Integrations {
  private api: EventApiServer | null = null;
  private apiKey = '';
  private recorder: SessionRecorder | null = null;
  private readonly off: (() => void)[] = [];

  constructor(private readonly options: IntegrationsOptions) {}

  async start(): Promise<void> {
    const repaired = repairSessions(this.options.sessionsDir, (dir, error) =>
      this.options.logger.warn({ dir, error: serializeError(error) }, 'a recorded session cannot be read'),
    );
    if (repaired.length > 0) {
      this.options.logger.warn({ repaired }, 'recorded sessions repaired after an unclean exit');
      this.options.notify(
        `${repaired.length} recorded session(s) from an earlier run were repaired and can be played.`,
      );
    }
    this.off.push(this.options.settings.subscribe((next) => void this.apply(next)));
    await this.apply(this.options.settings.get());
  }

  /** Saves a finished dictation into the session recording, when recording is on. */
  onCompleted(completed: CompletedDictation, model: string): void {
    const { integrations, speech } = this.options.settings.get();
    if (!integrations.recordSessions) return;
    try {
      this.recorder ??= new SessionRecorder(this.options.sessionsDir, {
        model,
        language: speech.language,
        appVersion: appVersion(),
      });
      this.recorder.addDictation(
        completed.audio,
        completed.transcript.segments,
        completed.transcriptOffsetMs,
      );
    } catch (error) {
      this.options.logger.error({ error: serializeError(error) }, 'session recording failed');
      this.options.notify(
        `The session recording failed: ${serializeError(error).message}`,
        'Check the free disk space.',
      );
    }
  }

  async stop(): Promise<void> {
    for (const off of this.off.splice(0)) off();
    this.stopRecording();
    await this.closeApi();
  }

  private async apply(settings: Settings): Promise<void> {
    if (!settings.integrations.recordSessions) this.stopRecording();
    const { eventApiEnabled, eventApiPort, eventApiToken, eventApiAllowedOrigins } = settings.integrations;
    if (!eventApiEnabled) return this.closeApi();
    if (!eventApiToken) {
      // The first time the API is turned on it gets its own token; saving it calls apply() again.
      await this.options.settings.update({ integrations: { eventApiToken: createBridgeToken() } });
      return;
    }
    const key = JSON.stringify([eventApiPort, eventApiToken, eventApiAllowedOrigins]);
    if (this.api && key === this.apiKey) return;
    await this.closeApi();
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
    } catch (error) {
      const message = serializeError(error).message;
      this.options.logger.error(
        { error: serializeError(error), port: eventApiPort },
        'event API not started',
      );
      this.options.notify(
        `The local event API could not start on port ${eventApiPort}: ${message}`,
        'Another program may use that port: choose another one in Settings.',
      );
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
    this.recorder?.stop();
    this.recorder = null;
  }

  private async closeApi(): Promise<void> {
    const api = this.api;
    this.api = null;
    this.apiKey = '';
    await api?.close();
  }
}
