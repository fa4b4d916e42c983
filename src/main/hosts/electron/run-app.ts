import { app } from 'electron';
import { serializeError } from '../../../shared/errors.js';
import { appPaths, defaultDataDir } from '../../../services/app-paths.js';
import { claimSingleInstance } from './single-instance.js';
import {
  createFileLogger,
  createStderrLogger,
  type FileLogger,
  type Logger,
} from '../../../services/logging/logger.js';
import { APP_ID } from './packaging/app-identity.js';
import type { LaunchRequest } from './packaging/launch-request.js';
import { chromiumFeaturesFor } from './shell-model/desktop-session.js';
import { installProcessErrorHandlers } from './shell-model/process-errors.js';
import { startShell, type RunningShell } from './start-shell.js';
import { startupFailureMessage } from './shell-model/startup-failure.js';
import { showBlockingError, showErrorToUser } from './user-messages.js';

/**
 * The Electron main process: what must happen before 'ready' (Chromium switches, the data folder,
 * the single-instance lock, error handlers), then the shell.
 */
export function runApp(): void {
  let logger: Logger = createStderrLogger();
  installProcessErrorHandlers(process, { logger: proxyLogger(() => logger), show: showErrorToUser });

  for (const feature of chromiumFeaturesFor()) app.commandLine.appendSwitch('enable-features', feature);
  const paths = appPaths(defaultDataDir());
  // Chromium's own files and the single-instance lock live with the app's data (DICTATION_DATA_DIR too).
  app.setPath('userData', paths.dataDir);
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

  let shell: RunningShell | null = null;
  const early: LaunchRequest[] = [];
  const instance = claimSingleInstance((request) =>
    shell ? shell.handleLaunch(request) : early.push(request),
  );
  if (!instance.primary) {
    // The running app has this launch's files and arguments now.
    app.quit();
    return;
  }

  const signalled = (signal: NodeJS.Signals) => {
    logger.info({ event: 'signal', signal }, `${signal} received`);
    if (shell) void shell.quit(signal);
    else app.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', () => signalled('SIGINT'));
  process.once('SIGTERM', () => signalled('SIGTERM'));

  let fileLogger: FileLogger | null = null;
  app
    .whenReady()
    .then(async () => {
      fileLogger = await createFileLogger(paths.logsDir);
      logger = fileLogger.logger;
      logger.info(
        {
          event: 'app_starting',
          version: app.getVersion(),
          electron: process.versions.electron,
          dataDir: paths.dataDir,
        },
        'starting',
      );
      process.stderr.write(`Dictation: logs in ${paths.logsDir}\n`);
      shell = await startShell({ paths, fileLogger, initial: instance.initial });
      for (const request of early.splice(0)) shell.handleLaunch(request);
    })
    .catch(async (error: unknown) => {
      const problem = serializeError(error);
      process.stderr.write(`Dictation could not start: ${problem.message}\n`);
      logger.error(
        {
          event: 'app_start_failed',
          error: problem,
          stack: error instanceof Error ? error.stack : undefined,
        },
        'the app could not start',
      );
      // Blocks until the user has read it: exiting right after an unawaited message box shows nothing.
      const { title, content } = startupFailureMessage(error, paths.logsDir);
      showBlockingError(title, content);
      await withTimeout(fileLogger?.close(), 2000);
      app.exit(1);
    });
}

function withTimeout(work: Promise<void> | undefined, ms: number): Promise<void> {
  return Promise.race([
    work ?? Promise.resolve(),
    new Promise<void>((resolve) => setTimeout(resolve, ms).unref()),
  ]);
}

/** The handlers are installed before the file logger exists; they log to whichever is current. */
function proxyLogger(current: () => Logger): Logger {
  return new Proxy({} as Logger, {
    get: (_target, property) => {
      const target = current();
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
