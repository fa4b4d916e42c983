export interface InstallAfterShutdownSteps {
  /** From now on app.quit() and closing the window go through: nothing is left to save. */
  allowQuit(): void;
  /** So the copy the updater starts (a new AppImage) becomes the running instance instead of handing off. */
  releaseSingleInstanceLock(): void;
  /** electron-updater's quitAndInstall: starts the installer (or Squirrel.Mac) and quits the app. */
  install(): void;
  /** Ends the process when the installer did not. */
  exit(code: number): void;
  /** The app's log is closed by now: this writes to stderr. */
  report(line: Record<string, unknown>): void;
  /** How long the installer may take to quit the app before it is ended (default 30 s). */
  exitAfterMs?: number;
}

/**
 * The second half of "Restart to update", run once the app's own shutdown has finished (engine
 * stopped, recordings closed, database and logs closed). electron-updater's quitAndInstall starts the
 * NSIS installer or the new AppImage at once and only then quits (BaseUpdater.quitAndInstall), and on
 * macOS Electron's autoUpdater installs only after every window has closed (a window that hides
 * itself on close cancels it): so the app must be shut down, its windows free to close and its
 * single-instance lock released before install() is called.
 */
export function installAfterShutdown(steps: InstallAfterShutdownSteps): void {
  steps.allowQuit();
  try {
    steps.releaseSingleInstanceLock();
  } catch (error) {
    steps.report({ event: 'single_instance_release_failed', error: String(error) });
  }
  try {
    steps.install();
  } catch (error) {
    steps.report({ event: 'update_install_failed', error: String(error) });
    steps.exit(1);
    return;
  }
  // electron-updater reports a refused install as an 'error' event and leaves the app running, shut down.
  setTimeout(() => {
    steps.report({ event: 'update_install_stalled', waitedMs: steps.exitAfterMs ?? 30_000 });
    steps.exit(0);
  }, steps.exitAfterMs ?? 30_000).unref();
}
