import { safeStorageCipher } from './safe-storage-cipher.js';
import { app, autoUpdater, clipboard, globalShortcut, session, systemPreferences } from 'electron';
import type { AppEvent } from '../../../shared/app-protocol.js';
import { serializeError } from '../../../shared/errors.js';
import type { AppPaths } from '../../../services/app-paths.js';
import { MicrophoneSource } from '../../../services/capture/microphone-source.js';
import { electronDesktop } from './desktop.js';
import { chooseModelFile } from './model-file-dialog.js';
import { createAppRuntime, type AppRuntime } from '../../app/create-app-runtime.js';
import { refreshLaunchAtLogin, setLaunchAtLogin } from './launch-at-login.js';
import { startUpdates } from './updater.js';
import { senderProblem } from './ipc-validation.js';
import type { FileLogger } from '../../../services/logging/logger.js';
import type { LaunchRequest } from './packaging/launch-request.js';
import { installAfterShutdown } from './packaging/install-after-shutdown.js';
import { runtimeLayout } from './packaging/runtime-layout.js';
import { startedAtLogin } from './shell-model/login-start.js';
import { createMicrophoneAccessCheck, withMicrophoneAccess } from './shell-model/microphone-access.js';
import { createQuitSequence } from './shell-model/quit-sequence.js';
import { queryStatusNotifierHost } from './shell-model/status-notifier-host.js';
import { trayTrust } from './shell-model/tray-trust.js';
import { TrayPresenter } from './shell-model/tray-presenter.js';
import type { TrayAction } from './shell-model/tray-view.js';
import { utilityEngineChannel } from './engine-channel.js';
import { ShellHotkeys } from './hotkeys.js';
import { serveWindowApi } from './ipc.js';
import { handleLaunchRequest } from './launch-requests.js';
import { secureAllWebContents, secureSession } from './security.js';
import { installTestHooks } from './test-hooks.js';
import { createAppTray, type AppTray } from './tray.js';
import { pasteAgain } from '../../../services/shaping/paste-again.js';
import { notifyUser } from './user-messages.js';
import { createMainWindow } from './window.js';

export interface RunningShell {
  runtime: AppRuntime;
  handleLaunch(request: LaunchRequest): void;
  quit(reason: string, code?: number): Promise<void>;
  readonly quitting: boolean;
}

/**
 * Everything after Electron's 'ready': the app runtime (engine as a utility process, Electron's
 * clipboard for copying), the window, the tray, the hotkeys, updates, launch at login, and the one
 * way out (a graceful quit however it is asked for).
 */
export async function startShell(options: {
  paths: AppPaths;
  fileLogger: FileLogger;
  initial: LaunchRequest;
}): Promise<RunningShell> {
  const { paths, fileLogger } = options;
  const logger = fileLogger.logger;
  const layout = runtimeLayout(app.getAppPath());
  // Asked now, answered long before the window needs it (the runtime takes longer to open).
  const trayHost = process.platform === 'linux' ? queryStatusNotifierHost() : Promise.resolve(null);
  const trusted = { indexFile: layout.rendererHtml, devOrigin: null };
  secureSession(session.defaultSession, logger);
  secureAllWebContents(
    (url) => url.startsWith('file:') && senderProblem({ url, isMainFrame: true }, trusted) === null,
    logger,
  );

  const microphoneAccess = createMicrophoneAccessCheck(process.platform, {
    status: () => systemPreferences.getMediaAccessStatus('microphone'),
    ask: () => systemPreferences.askForMediaAccess('microphone'),
  });
  const runtime = await createAppRuntime({
    paths,
    logger,
    startEngineChannel: () => utilityEngineChannel(layout.engineEntry),
    createAudioSource: (deviceId) =>
      withMicrophoneAccess(new MicrophoneSource({ deviceId }), microphoneAccess),
    clipboard: { writeText: (text) => Promise.resolve(clipboard.writeText(text)) },
    desktop: electronDesktop,
    chooseModelFile,
    secretCipher: safeStorageCipher,
  });

  let tray: AppTray | null = null;
  let allowQuit = false;
  const quitSequence = createQuitSequence({
    logger,
    shutdown: async (reason) => {
      hotkeys.stop();
      globalShortcut.unregisterAll();
      presenter?.dispose();
      const report = await runtime.shutdown({ reason });
      stopIpc();
      updates.stop();
      mainWindow.allowClose();
      tray?.destroy();
      tray = null;
      logger.info(
        { event: 'app_quit', reason, utterance: report.utterance, keptAudio: report.keptAudio },
        'quitting',
      );
      await fileLogger.close();
    },
    exit: (code) => {
      allowQuit = true;
      if (code !== 0) return app.exit(code);
      // app.quit (not exit) so a downloaded update still installs on quit; exit if something holds it.
      setTimeout(() => app.exit(0), 3000).unref();
      app.quit();
    },
  });

  const trayHostAnswer = await trayHost;
  const trust = trayTrust(process.platform, trayHostAnswer);
  if (!trust.trusted)
    logger.warn({ event: 'tray_host_missing', detail: trayHostAnswer?.detail }, 'no tray on this desktop');
  const mainWindow = createMainWindow({
    layout,
    logger,
    // Without a tray a hidden app could not be found again: it starts with its window.
    startHidden:
      trust.trusted &&
      startedAtLogin(
        options.initial.hidden,
        process.platform,
        () => app.getLoginItemSettings().wasOpenedAtLogin,
      ),
    hideOnClose: () => tray !== null && !quitSequence.quitting,
    onCrashLoop: (message, hint) => tell('error', message, hint),
    logsDir: paths.logsDir,
  });
  const stopIpc = serveWindowApi(runtime.core, trusted, () => mainWindow.window, logger);
  const showWindow = () => mainWindow.show();
  const windowFocused = () => !mainWindow.window.isDestroyed() && mainWindow.window.isFocused();

  /** In the window always; as a desktop notification too when the user may be looking elsewhere. */
  const tell = (level: 'info' | 'warning' | 'error', message: string, hint?: string) => {
    runtime.core.notify(level, message, hint);
    if (level !== 'info' && !windowFocused())
      notifyUser('Dictation', hint ? `${message}\n${hint}` : message, logger, showWindow);
  };

  const updates = startUpdates({
    logger,
    canInstallNow: () =>
      runtime.dictation.status().phase === 'idle' && (runtime.jobs?.status().running ?? 0) === 0,
    restartIntoUpdate: (install) =>
      void quitSequence.request('update', 0, () =>
        installAfterShutdown({
          allowQuit: () => (allowQuit = true),
          releaseSingleInstanceLock: () => app.releaseSingleInstanceLock(),
          install,
          exit: (code) => app.exit(code),
          report: (line) =>
            process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...line })}\n`),
        }),
      ),
  });
  // Electron emits this before it closes the windows for an install; only "Restart to update" should
  // cause it, after the shutdown. Otherwise let the window close, or the install is cancelled.
  autoUpdater.on('before-quit-for-update', () => {
    if (updates.installStarted) return;
    logger.warn({ event: 'unexpected_update_quit' }, 'an update install began outside "Restart to update"');
    mainWindow.allowClose();
  });
  const hotkeys = new ShellHotkeys({
    runtime,
    logger,
    report: (level, error) => tell(level, error.message, error.hint),
    onChange: () => presenter?.render(),
  });

  const onTrayAction = (action: TrayAction): void => {
    const failed = (error: unknown) => {
      const problem = serializeError(error);
      tell('warning', problem.message, problem.hint);
    };
    switch (action) {
      case 'start':
        runtime.core.handle({ type: 'dictation_start', trigger: 'ui' }).then((response) => {
          if (!response.ok) tell('warning', response.error.message, response.error.hint);
        }, failed);
        return;
      case 'stop':
        void runtime.dictation.stop().catch(failed);
        return;
      case 'cancel':
        void runtime.dictation.cancel().catch(failed);
        return;
      case 'paste_last':
        void pasteAgain(runtime.deliveryStage, tell, logger);
        return;
      case 'open':
        return showWindow();
      case 'settings':
        return mainWindow.show('settings');
      case 'install_update':
        if (updates.requestInstall() === 'deferred')
          tell('info', 'The update installs when the current dictation is finished.');
        return;
      case 'quit':
        void quitSequence.request('tray');
        return;
    }
  };

  let presenter: TrayPresenter | null = null;
  try {
    if (!trust.trusted) throw new Error(trayHostAnswer?.detail ?? 'no StatusNotifier host');
    tray = createAppTray(
      layout,
      {
        onAction: onTrayAction,
        onCopy: (text) => clipboard.writeText(text),
        onClick: showWindow,
      },
      logger,
    );
    presenter = new TrayPresenter(tray, {
      dictation: runtime.dictation,
      history: runtime.history,
      readiness: () => runtime.readiness(),
      microphoneArmed: () => runtime.microphoneArmed(),
      wakePhrase: () => runtime.wakePhrase(),
      onChange: (listener) => runtime.onChange(listener),
      toggleShortcut: () => hotkeys.toggleShortcut,
      pasteLastShortcut: () => hotkeys.pasteLastShortcut,
      updateReady: () => (updates.state.status === 'ready' ? updates.state.version : null),
      logger,
    });
    presenter.start();
    updates.onChange(() => presenter?.render());
  } catch (error) {
    // No tray (a desktop without a status area): closing the window quits instead of hiding it.
    tray = null;
    logger.warn({ event: 'tray_unavailable', error: serializeError(error) }, 'no tray icon');
  }

  runtime.dictation.subscribe((event) => {
    if (event.type === 'state' && (event.status.phase === 'idle' || event.status.phase === 'error'))
      updates.activityChanged();
  });
  runtime.onExplain((error) => {
    showWindow();
    notifyUser(
      'Dictation',
      error.hint ? `${error.message}\n${error.hint}` : error.message,
      logger,
      showWindow,
    );
  });
  runtime.core.subscribe((event: AppEvent) => {
    // The text could not be pasted: the user may be looking at another app, so say so outside the window.
    if (event.type === 'delivered' && event.notice && !windowFocused()) {
      notifyUser('Dictation', event.notice, logger, showWindow);
    }
  });
  runtime.settings.subscribe((next, previous) => {
    if (next.app.launchAtLogin !== previous.app.launchAtLogin) {
      setLaunchAtLogin(next.app.launchAtLogin).catch((error: unknown) => {
        const problem = serializeError(error);
        tell('warning', `Launch at login could not be changed: ${problem.message}`, problem.hint);
      });
    }
  });
  // An unpackaged run (electron .) must not repoint the installed app's autostart entry at itself.
  if (app.isPackaged) {
    refreshLaunchAtLogin().catch((error: unknown) =>
      logger.warn(
        { event: 'launch_at_login_refresh_failed', error: serializeError(error) },
        'autostart entry not refreshed',
      ),
    );
  }

  installTestHooks({ runtime, tray: () => tray, window: () => mainWindow.window });
  app.on('window-all-closed', () => {
    // Without a tray the last window closing is the way out; with one the window only hides.
    if (!tray) void quitSequence.request('window closed');
  });
  app.on('activate', showWindow); // macOS: the Dock icon was clicked
  app.on('before-quit', (event) => {
    if (allowQuit) return;
    event.preventDefault();
    void quitSequence.request('app quit');
  });

  void hotkeys
    .start()
    .catch((error: unknown) =>
      logger.error({ event: 'hotkeys_failed', error: serializeError(error) }, 'hotkeys did not start'),
    );
  runtime
    .start()
    .then(async () => {
      presenter?.render();
      const contents = mainWindow.window.webContents;
      if (contents.isLoading())
        await new Promise<void>((resolve) => contents.once('did-finish-load', () => resolve()));
      if (trust.notice) runtime.core.notify('info', trust.notice.message, trust.notice.hint);
      runtime.announceStartupProblems();
      const kept = await runtime.announceKeptAudio();
      if (kept.length > 0)
        notifyUser(
          'Dictation',
          `${kept.length} unfinished recording(s) from the last run were kept.`,
          logger,
          showWindow,
        );
    })
    .catch((error: unknown) =>
      logger.error({ event: 'runtime_start_failed', error: serializeError(error) }, 'start-up failed'),
    );

  const handleLaunch = (request: LaunchRequest) =>
    void handleLaunchRequest(request, { runtime, showWindow, logger }).catch((error: unknown) =>
      logger.error({ event: 'launch_request_failed', error: serializeError(error) }, 'launch request failed'),
    );
  // The window shows itself when ready (unless started hidden); the first launch only adds its files.
  handleLaunch({ ...options.initial, showWindow: false });

  return {
    runtime,
    handleLaunch,
    quit: (reason, code) => quitSequence.request(reason, code),
    get quitting() {
      return quitSequence.quitting;
    },
  };
}
