import type { ListenerEvent } from '../../engine/client/engine-client.js';
import { appVersion } from '../../engine/project-root.js';
import { EVENT_API_PATH } from '../../shared/event-api.js';
import { serializeError } from '../../shared/errors.js';
import type { JobEvent } from '../../shared/jobs.js';
import type { Settings } from '../../shared/settings.js';
import type { EventApiState } from '../../shared/sessions.js';
import type { DictationController } from '../dictation/dictation-controller.js';
import type { EngineHost } from '../engine-host/engine-host.js';
import { createBridgeToken } from '../local-server/token.js';
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
export class EventApiService {
  private api: EventApiServer | null = null;
  private apiKey = '';
  private apiState: EventApiState = { state: 'off' };
  private readonly off: (() => void)[] = [];
  private readonly listeners = new Set<() => void>();
  /** Settings changes are applied one after another, so two never start the server at once. */
  private applying: Promise<void> = Promise.resolve();

  constructor(private readonly options: EventApiServiceOptions) {}

  state(): EventApiState {
    const api = this.apiState;
    return api.state === 'listening' && this.api ? { ...api, clients: this.api.clients } : api;
  }

  /** Called whenever state() changes. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A new token; the old one stops working (the server restarts and drops its clients). */
  async regenerateToken(): Promise<string> {
    const token = createBridgeToken();
    await this.options.settings.update({ integrations: { eventApiToken: token } });
    await this.apply();
    this.options.logger.info({ event: 'event_api_token_regenerated' }, 'event API token replaced');
    return token;
  }

  async start(): Promise<void> {
    this.off.push(this.options.settings.subscribe(() => void this.applyLogged()));
    await this.apply();
  }

  async stop(): Promise<void> {
    for (const off of this.off.splice(0)) off();
    await this.closeApi();
  }

  /** A settings change applied from a listener: a failure is logged and shown, never unhandled. */
  private async applyLogged(): Promise<void> {
    try {
      await this.apply();
    } catch (error) {
      this.options.logger.error(
        { event: 'event_api_apply_failed', error: serializeError(error) },
        'event API settings not applied',
      );
      this.options.notify(
        `The local event API could not follow the new settings: ${serializeError(error).message}`,
        'Turn it off and on again in Settings → Integrations; if it repeats, check the log file.',
      );
    }
  }

  /** Follows the current settings; resolves once this and every earlier change are in effect. */
  private apply(): Promise<void> {
    const run = () => this.applyNow(this.options.settings.get());
    this.applying = this.applying.then(run, run);
    return this.applying;
  }

  private async applyNow(settings: Settings): Promise<void> {
    const { eventApiEnabled, eventApiPort, eventApiToken, eventApiAllowedOrigins } = settings.integrations;
    if (!eventApiEnabled) {
      await this.closeApi();
      return this.setState({ state: 'off' });
    }
    if (!eventApiToken) {
      // The first time the API is turned on it gets its own token; saving it calls apply() again.
      await this.options.settings.update({ integrations: { eventApiToken: createBridgeToken() } });
      return;
    }
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

  private setState(state: EventApiState): void {
    if (JSON.stringify(state) === JSON.stringify(this.apiState)) return;
    this.apiState = state;
    for (const listener of [...this.listeners]) listener();
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
