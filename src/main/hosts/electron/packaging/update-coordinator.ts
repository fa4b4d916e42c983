import type { Logger } from 'pino';
import type { UpdateFeed } from './update-feed.js';

/** The part of electron-updater's AppUpdater the app uses (hosts/electron/updater.ts adapts it). */
export interface UpdaterPort {
  /** Downloads run in the background while the app is used. */
  setAutoDownload(on: boolean): void;
  /** A downloaded update installs when the user quits the app. */
  setAutoInstallOnAppQuit(on: boolean): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(): void;
  onAvailable(listener: (version: string) => void): void;
  onProgress(listener: (percent: number) => void): void;
  onDownloaded(listener: (version: string) => void): void;
  onError(listener: (error: Error) => void): void;
}

export type UpdateState =
  | { status: 'disabled'; reason: string }
  | { status: 'idle' }
  | { status: 'checking' }
  | { status: 'downloading'; version: string; percent: number }
  /** Downloaded: installs when the app quits, or now if the user asks and nothing is recording. */
  | { status: 'ready'; version: string; installWhenIdle: boolean }
  | { status: 'error'; message: string };

export interface UpdateCoordinatorOptions {
  feed: UpdateFeed;
  /** Null when the feed is disabled (electron-updater is then never touched). */
  updater: UpdaterPort | null;
  /** False while a dictation is recording or transcribing (or a file job runs): installing would end it. */
  canInstallNow: () => boolean;
  /**
   * Shuts the app down, then calls install (electron-updater's quitAndInstall): the shell runs its quit
   * sequence first, so the installer never meets a running engine, open files or a held lock.
   */
  restartIntoUpdate: (install: () => void) => void;
  logger: Logger;
  checkEveryMs?: number;
}

export type InstallOutcome = 'installing' | 'deferred' | 'nothing_to_install';

const SIX_HOURS = 6 * 60 * 60 * 1000;

/**
 * Checks for updates now and then and downloads them in the background; installs only when the user
 * quits or asks, and never while canInstallNow() is false: a request during a recording waits until
 * the shell reports the app idle (activityChanged).
 */
export class UpdateCoordinator {
  private current: UpdateState;
  private timer: NodeJS.Timeout | undefined;
  private restarting = false;
  private readonly listeners = new Set<(state: UpdateState) => void>();

  constructor(private readonly options: UpdateCoordinatorOptions) {
    this.current =
      options.feed.enabled && options.updater
        ? { status: 'idle' }
        : { status: 'disabled', reason: options.feed.enabled ? 'no updater' : options.feed.reason };
    const updater = options.updater;
    if (!updater || !options.feed.enabled) return;
    updater.setAutoDownload(true);
    updater.setAutoInstallOnAppQuit(true);
    updater.onAvailable((version) => this.set({ status: 'downloading', version, percent: 0 }));
    updater.onProgress((percent) => {
      if (this.current.status === 'downloading') this.set({ ...this.current, percent });
    });
    updater.onDownloaded((version) => {
      this.options.logger.info({ event: 'update_downloaded', version }, 'update downloaded');
      this.set({ status: 'ready', version, installWhenIdle: false });
    });
    updater.onError((error) => {
      this.options.logger.warn({ event: 'update_error', err: error }, 'update check or download failed');
      this.set({ status: 'error', message: error.message });
    });
  }

  get state(): UpdateState {
    return this.current;
  }

  /** True once "Restart to update" has begun (the shell's before-quit-for-update handler asks). */
  get installStarted(): boolean {
    return this.restarting;
  }

  onChange(listener: (state: UpdateState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** First check now, then every few hours. */
  start(): void {
    if (this.current.status === 'disabled') {
      this.options.logger.info({ event: 'updates_disabled', reason: this.current.reason }, 'updates are off');
      return;
    }
    void this.checkNow();
    this.timer = setInterval(() => void this.checkNow(), this.options.checkEveryMs ?? SIX_HOURS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  async checkNow(): Promise<void> {
    const updater = this.options.updater;
    const busy = ['disabled', 'checking', 'downloading', 'ready'].includes(this.current.status);
    if (!updater || busy) return;
    this.set({ status: 'checking' });
    try {
      await updater.checkForUpdates();
      if (this.current.status === 'checking') this.set({ status: 'idle' });
    } catch (error) {
      // electron-updater also emits 'error'; keep the state an error either way.
      const message = error instanceof Error ? error.message : String(error);
      this.options.logger.warn({ event: 'update_check_failed', err: error }, 'update check failed');
      this.set({ status: 'error', message });
    }
  }

  /** The user asked to restart into the downloaded update. */
  requestInstall(): InstallOutcome {
    if (this.current.status !== 'ready') return 'nothing_to_install';
    if (!this.options.canInstallNow()) {
      this.set({ ...this.current, installWhenIdle: true });
      return 'deferred';
    }
    this.install();
    return 'installing';
  }

  /** The shell calls this when a recording, transcription or job ends. */
  activityChanged(): void {
    if (this.current.status === 'ready' && this.current.installWhenIdle && this.options.canInstallNow()) {
      this.install();
    }
  }

  private install(): void {
    const updater = this.options.updater;
    if (this.current.status !== 'ready' || !updater || this.restarting) return;
    this.restarting = true;
    this.options.logger.info(
      { event: 'update_install', version: this.current.version },
      'restarting to update',
    );
    this.stop();
    this.options.restartIntoUpdate(() => updater.quitAndInstall());
  }

  private set(state: UpdateState): void {
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }
}
