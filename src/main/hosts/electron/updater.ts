// electron-updater wired to the app: a feed only when the build or the user configures one, background
// downloads, installation on quit or on request, never during a recording (see UpdateCoordinator).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import type { Logger } from 'pino';
import { UpdateCoordinator, type UpdaterPort } from './packaging/update-coordinator.js';
import { resolveUpdateFeed, UPDATE_URL_ENV } from './packaging/update-feed.js';

export interface StartUpdatesOptions {
  /** False while recording, transcribing or running file jobs. */
  canInstallNow: () => boolean;
  /** Runs the app's shutdown, then install (see UpdateCoordinatorOptions.restartIntoUpdate). */
  restartIntoUpdate: (install: () => void) => void;
  logger: Logger;
  /** From settings; $DICTATION_UPDATE_URL is used when this is empty. */
  feedUrl?: string | null;
  turnedOff?: boolean;
}

/** Call once after app 'ready'. Returns the coordinator (state for the tray menu, requestInstall, activityChanged). */
export function startUpdates(options: StartUpdatesOptions): UpdateCoordinator {
  const feed = resolveUpdateFeed({
    isPackaged: app.isPackaged,
    turnedOff: options.turnedOff,
    overrideUrl: options.feedUrl || process.env[UPDATE_URL_ENV],
    bundledConfigExists: existsSync(path.join(process.resourcesPath, 'app-update.yml')),
  });
  let updater: UpdaterPort | null = null;
  if (feed.enabled) {
    const { autoUpdater } = electronUpdater;
    autoUpdater.logger = {
      info: (message?: unknown) => options.logger.info({ event: 'updater' }, String(message)),
      warn: (message?: unknown) => options.logger.warn({ event: 'updater' }, String(message)),
      error: (message?: unknown) => options.logger.error({ event: 'updater' }, String(message)),
      debug: (message: string) => options.logger.debug({ event: 'updater' }, message),
    };
    if (feed.source === 'override') autoUpdater.setFeedURL({ provider: 'generic', url: feed.url });
    updater = {
      setAutoDownload: (on) => (autoUpdater.autoDownload = on),
      setAutoInstallOnAppQuit: (on) => (autoUpdater.autoInstallOnAppQuit = on),
      checkForUpdates: () => autoUpdater.checkForUpdates(),
      quitAndInstall: () => autoUpdater.quitAndInstall(false, true),
      onAvailable: (listener) => autoUpdater.on('update-available', (info) => listener(info.version)),
      onProgress: (listener) => autoUpdater.on('download-progress', (progress) => listener(progress.percent)),
      onDownloaded: (listener) => autoUpdater.on('update-downloaded', (info) => listener(info.version)),
      onError: (listener) => autoUpdater.on('error', (error) => listener(error)),
    };
  }
  const coordinator = new UpdateCoordinator({
    feed,
    updater,
    canInstallNow: options.canInstallNow,
    restartIntoUpdate: options.restartIntoUpdate,
    logger: options.logger,
  });
  coordinator.start();
  return coordinator;
}
