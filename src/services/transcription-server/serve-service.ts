import path from 'node:path';
import type { EngineChannel } from '../../engine/client/engine-client.js';
import { AppError, serializeError } from '../../shared/errors.js';
import type { Settings } from '../../shared/settings.js';
import type { ServeState } from '../../shared/sessions.js';
import { listenFailure } from '../event-api/listen-failure.js';
import { SettingsFollower } from '../local-server/settings-follower.js';
import type { Logger } from '../logging/logger.js';
import { modelNameFromFile } from '../models/model-store.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { ResidentTranscriber, type ServedModel } from './resident-transcriber.js';
import { ServedEngine } from './served-engine.js';
import { startTranscriptionServer, type TranscriptionServer } from './transcription-server.js';

export interface ServeServiceOptions {
  settings: SettingsStore;
  /** Starts one engine process; the server gets its own, apart from the dictation engine. */
  startEngineChannel: () => EngineChannel;
  /** The model the app dictates with now (a file path), or null while none is installed. */
  activeModel: () => string | null;
  logger: Logger;
  /** Shown in the window when the server cannot start (a port in use, a weak token). */
  notify: (message: string, hint?: string) => void;
}

const WHAT = 'the transcription server';
const TOKEN_HINT =
  'Press “Generate a new token” under “Serve my engine to other programs” in Settings → Integrations; clients then need the new one.';

/**
 * "Serve my engine to other programs": `dictation serve`'s OpenAI-compatible server inside the app,
 * following the settings live (on/off, port, host, token), off by default. It serves the app's active
 * model, looked up at each request, from an engine process of its own that starts at the first
 * request and stops when the server is turned off.
 */
export class ServeService extends SettingsFollower<ServeState> {
  private server: TranscriptionServer | null = null;
  private serverKey = '';
  private transcriber: ResidentTranscriber | null = null;
  /** The failure last shown, so saving unrelated settings (each retries) does not say it again. */
  private shownFailure = '';
  private readonly engine: ServedEngine;

  constructor(private readonly options: ServeServiceOptions) {
    super(
      options.settings,
      { state: 'off' },
      {
        logger: options.logger,
        notify: options.notify,
        failedEvent: 'serve_apply_failed',
        failedMessage: 'The transcription server could not follow the new settings',
        failedHint:
          'Turn “Serve my engine to other programs” off and on again in Settings → Integrations; if it repeats, check the log file.',
      },
    );
    this.engine = new ServedEngine({
      startChannel: options.startEngineChannel,
      gpu: () => options.settings.get().speech,
      logger: options.logger,
    });
  }

  state(): ServeState {
    return this.current;
  }

  /** The served engine's process id while it runs; undefined before the first request and when off. */
  get enginePid(): number | undefined {
    return this.engine.pid;
  }

  /** A new token; the old one stops working at once (the server restarts with the new one). */
  regenerateToken(): Promise<string> {
    return this.newToken('serveToken', 'serve_token_regenerated');
  }

  async stop(): Promise<void> {
    this.stopFollowing();
    await this.apply(() => this.closeAll());
  }

  protected async applyNow(settings: Settings): Promise<void> {
    const { serveEnabled, servePort, serveHost, serveToken } = settings.integrations;
    if (!serveEnabled) return this.closeAll();
    if (await this.madeFirstToken('serveToken', serveToken)) return;
    const key = JSON.stringify([servePort, serveHost, serveToken]);
    if (this.server && key === this.serverKey) return;
    await this.closeServer();
    this.setState({ state: 'starting', port: servePort });
    this.transcriber ??= new ResidentTranscriber(
      (model) => this.engine.engineFor(model.path),
      () => this.models(),
    );
    try {
      this.server = await startTranscriptionServer({
        transcriber: this.transcriber,
        host: serveHost,
        port: servePort,
        token: serveToken,
        logger: this.options.logger,
      });
      this.serverKey = key;
      this.shownFailure = '';
      this.setState({
        state: 'listening',
        port: this.server.port,
        host: serveHost,
        baseUrl: this.server.baseUrl,
      });
    } catch (error) {
      this.options.logger.error(
        { event: 'serve_not_started', error: serializeError(error), host: serveHost, port: servePort },
        'transcription server not started',
      );
      const failed =
        error instanceof AppError && error.kind === 'settings_invalid'
          ? { state: 'failed' as const, port: servePort, message: error.message, hint: TOKEN_HINT }
          : listenFailure(error, servePort, WHAT);
      this.setState(failed);
      if (this.shownFailure !== key + failed.message) this.options.notify(failed.message, failed.hint);
      this.shownFailure = key + failed.message;
    }
  }

  private models(): ServedModel[] {
    const file = this.options.activeModel();
    return file ? [{ id: modelNameFromFile(path.basename(file)), path: file }] : [];
  }

  private async closeServer(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.serverKey = '';
    await server?.close();
  }

  /** Off: the port closes, the engine process exits (a request in flight fails), temporary files go. */
  private async closeAll(): Promise<void> {
    await this.closeServer();
    await this.engine.stop();
    const transcriber = this.transcriber;
    this.transcriber = null;
    await transcriber?.close();
    this.shownFailure = '';
    this.setState({ state: 'off' });
  }
}
