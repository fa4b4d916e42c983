import { existsSync } from 'node:fs';
import { BrowserWindow, nativeTheme } from 'electron';
import type { Logger } from '../../../services/logging/logger.js';
import type { RuntimeLayout } from './packaging/runtime-layout.js';
import { rendererCrashPage } from './shell-model/renderer-crash-page.js';
import { RendererRecovery } from './shell-model/renderer-recovery.js';
import { secureWebPreferences } from './security.js';

export type WindowView = 'status' | 'history' | 'settings';

export interface MainWindow {
  readonly window: BrowserWindow;
  /** Brings the window forward, optionally on one of its views (the page follows location.hash). */
  show(view?: WindowView): void;
  /** Lets the next close really close it (the app is quitting). */
  allowClose(): void;
}

/**
 * The one window: dist/renderer/index.html with the sandboxed preload. Closing it hides it to the
 * tray, so the hotkeys keep working; quitting is the tray's (or the OS's) job.
 */
export function createMainWindow(options: {
  layout: RuntimeLayout;
  logger: Logger;
  /** Started at login: stay in the tray. */
  startHidden: boolean;
  /** False when there is no tray to come back from: closing then quits. */
  hideOnClose: () => boolean;
  /** The window kept crashing and is no longer reloaded: tell the user outside it. */
  onCrashLoop: (message: string, hint: string) => void;
  logsDir: string;
}): MainWindow {
  const { layout, logger } = options;
  const window = new BrowserWindow({
    width: 960,
    height: 680,
    minWidth: 420,
    minHeight: 360,
    show: false,
    title: 'Dictation',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#121212' : '#ffffff',
    ...(existsSync(layout.windowIcon) ? { icon: layout.windowIcon } : {}),
    webPreferences: secureWebPreferences(layout.preloadScript),
  });
  window.removeMenu();
  let closing = false;

  window.once('ready-to-show', () => {
    if (!options.startHidden) window.show();
  });
  window.on('close', (event) => {
    if (closing || !options.hideOnClose()) return;
    event.preventDefault();
    window.hide();
    logger.info({ event: 'window_hidden' }, 'window closed to the tray');
  });
  const recovery = new RendererRecovery();
  let reloadTimer: NodeJS.Timeout | undefined;
  const loadPage = () =>
    window.loadFile(layout.rendererHtml).catch((error: unknown) => {
      logger.error(
        { event: 'window_load_failed', file: layout.rendererHtml, error: String(error) },
        'the window did not load',
      );
    });
  window.webContents.on('render-process-gone', (_event, details) => {
    logger.error(
      { event: 'renderer_gone', reason: details.reason, exitCode: details.exitCode },
      'the window crashed',
    );
    if (closing || window.isDestroyed()) return;
    const step = recovery.onGone(details.reason);
    if (step.action === 'reload') {
      clearTimeout(reloadTimer);
      reloadTimer = setTimeout(() => void (window.isDestroyed() || loadPage()), step.delayMs);
    } else if (step.action === 'give_up') {
      const page = rendererCrashPage({
        reason: details.reason,
        crashes: step.crashes,
        logsDir: options.logsDir,
      });
      logger.error(
        { event: 'renderer_crash_loop', crashes: step.crashes, withinMs: step.withinMs },
        page.message,
      );
      window.loadURL(page.url).catch(() => undefined);
      options.onCrashLoop(page.message, page.hint);
    }
  });
  window.webContents.on('did-fail-load', (_event, code, description, url) => {
    logger.error({ event: 'window_load_failed', code, description, url }, 'the window did not load');
  });
  void loadPage();

  return {
    window,
    show(view) {
      if (window.isDestroyed()) return;
      if (recovery.gaveUp) {
        // The user asked for the window after it crashed too often: one more try.
        recovery.reset();
        void loadPage();
      }
      if (view) {
        // A fixed string, never user data: the page switches views on hashchange.
        window.webContents
          .executeJavaScript(`location.hash = ${JSON.stringify(`#${view}`)}`)
          .catch(() => undefined);
      }
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    },
    allowClose() {
      closing = true;
      clearTimeout(reloadTimer);
    },
  };
}
