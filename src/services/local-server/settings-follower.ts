import { serializeError } from '../../shared/errors.js';
import type { Settings } from '../../shared/settings.js';
import type { Logger } from '../logging/logger.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { createBridgeToken } from './token.js';

export interface FollowerReport {
  logger: Logger;
  /** Shown in the window when something cannot be done. */
  notify: (message: string, hint?: string) => void;
  /** The log event and the window's sentence when a settings change could not be applied. */
  failedEvent: string;
  failedMessage: string;
  failedHint: string;
}

/**
 * A local server that follows the settings live (the event API, the transcription server): each change
 * is applied after the one before it, so two never start the server at once; a failure is logged and
 * shown, never unhandled; its state is observed by the window.
 */
export abstract class SettingsFollower<State> {
  private readonly listeners = new Set<() => void>();
  private readonly off: (() => void)[] = [];
  private applying: Promise<void> = Promise.resolve();

  protected constructor(
    protected readonly settings: SettingsStore,
    protected current: State,
    private readonly report: FollowerReport,
  ) {}

  /** Makes the server match `settings`. */
  protected abstract applyNow(settings: Settings): Promise<void>;

  /** Called whenever state() changes. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    this.off.push(this.settings.subscribe(() => void this.applyLogged()));
    await this.apply();
  }

  /** A new random token in `field`; the old one stops working (the server restarts with the new one). */
  protected async newToken(field: 'eventApiToken' | 'serveToken', event: string): Promise<string> {
    const token = createBridgeToken();
    await this.settings.update({ integrations: { [field]: token } });
    await this.apply();
    this.report.logger.info({ event }, 'token replaced');
    return token;
  }

  /**
   * True when `token` is still '' and one was made: the first time a server is turned on it gets its
   * own token, and saving it applies the settings again (so the caller stops here).
   */
  protected async madeFirstToken(field: 'eventApiToken' | 'serveToken', token: string): Promise<boolean> {
    if (token) return false;
    await this.settings.update({ integrations: { [field]: createBridgeToken() } });
    return true;
  }

  protected stopFollowing(): void {
    for (const off of this.off.splice(0)) off();
  }

  /** Runs `work` (default: follow the current settings) once every earlier change is in effect. */
  protected apply(work = () => this.applyNow(this.settings.get())): Promise<void> {
    this.applying = this.applying.then(work, work);
    return this.applying;
  }

  protected setState(state: State): void {
    if (JSON.stringify(state) === JSON.stringify(this.current)) return;
    this.current = state;
    for (const listener of [...this.listeners]) listener();
  }

  private async applyLogged(): Promise<void> {
    try {
      await this.apply();
    } catch (error) {
      const { logger, notify, failedEvent, failedMessage, failedHint } = this.report;
      logger.error({ event: failedEvent, error: serializeError(error) }, 'settings not applied');
      notify(`${failedMessage}: ${serializeError(error).message}`, failedHint);
    }
  }
}
