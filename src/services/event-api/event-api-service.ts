import type { ListenerEvent } from '../../engine/client/engine-client.js';
import { appVersion } from '../../engine/project-root.js';
import { EVENT_API_PATH } from '../../shared/event-api.js';
import { serializeError } from '../../shared/errors.js';
import type { JobEvent } from '../../shared/jobs.js';
import type { Settings } from '../../shared/settings.js';
import type { EventApiState } from '../../shared/sessions.js';
import type { DictationController } from '../dictation/dictation-controller.js';
import type { EngineHost } from '../engine-host/engine-host.js';
import { SettingsFollower } from '../local-server/settings-follower.js';
import type { Logger } from '../logging/logger.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { dictationApiBackend } from './dictation-backend.js';
import { startEventApi, type EventApiServer } from './event-api-server.js';
import { listenFailure } from './listen-failure.js';

type ApiEvent = Parameters<Parameters<ReturnType<typeof dictationApiBackend>['subscribe']>[0]>[0];

export interface EventApiServiceOptions {
  settings: SettingsStore;
  dictation: DictationController;
  engine: EngineHost;
  subscribeJobs?: ((listener: (event: JobEvent) => void) => () => void) | undefined;
  logger: Logger;
  /** Shown in the window when the server cannot start (a port in use). */
  notify: (message: string, hint?: string) => void;
}

/**
 * The opt-in local event API (WebSocket on 127.0.0.1): follows the settings live (on/off, port, token,
 * allowed Origins), off by default.
 */
export class EventApiService extends SettingsFollower<EventApiState> {
  private api: EventApiServer | null = null;
  private apiKey = '';

  constructor(private readonly options: EventApiServiceOptions) {
    super(
      options.settings,
      { state: 'off' },
      {
        logger: options.logger,
        notify: options.notify,
        failedEvent: 'event_api_apply_failed',
        failedMessage: 'The local event API could not follow the new settings',
        failedHint: 'Turn it off and on again in Settings → Integrations; if it repeats, check the log file.',
      },
    );
  }

  state(): EventApiState {
    const api = this.current;
    return api.state === 'listening' && this.api ? { ...api, clients: this.api.clients } : api;
  }

  /** A new token; the old one stops working (the server restarts and drops its clients). */
  regenerateToken(): Promise<string> {
    return this.newToken('eventApiToken', 'event_api_token_regenerated');
  }

  async stop(): Promise<void> {
    this.stopFollowing();
    await this.closeApi();
  }

  protected async applyNow(settings: Settings): Promise<void> {
    const { eventApiEnabled, eventApiPort, eventApiToken, eventApiAllowedOrigins } = settings.integrations;
    if (!eventApiEnabled) {
      await this.closeApi();
      return this.setState({ state: 'off' });
    }
    if (await this.madeFirstToken('eventApiToken', eventApiToken)) return;
    const key = JSON.stringify([eventApiPort, eventApiToken, eventApiAllowedOrigins]);
    if (this.api && key === this.apiKey) return;
    await this.closeApi();
    this.setState({ state: 'starting', port: eventApiPort });
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
      this.setState({
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
      this.setState(failed);
      this.options.notify(failed.message, failed.hint);
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

  private async closeApi(): Promise<void> {
    const api = this.api;
    this.api = null;
    this.apiKey = '';
    await api?.close();
  }
}
