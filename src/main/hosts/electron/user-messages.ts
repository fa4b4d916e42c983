// How main speaks to the user outside the window: OS notifications and, for errors nothing caught,
// a message box. Never blocks the main thread once the app is ready.
import { app, dialog, Notification } from 'electron';
import type { Logger } from '../../../services/logging/logger.js';
import { KeepUntilDone } from './shell-model/keep-until-done.js';
import type { FatalReport } from './shell-model/process-errors.js';

/** Shown notifications, referenced until clicked, closed or failed so their click handlers survive. */
const shown = new KeepUntilDone<Notification>((notification, release) => {
  notification.once('click', release);
  notification.once('close', release);
  notification.once('failed', release);
});

export function notifyUser(title: string, body: string, logger: Logger, onClick?: () => void): void {
  if (!Notification.isSupported()) {
    logger.info(
      { event: 'notification_unsupported', title, body },
      'no notification service; shown in the window only',
    );
    return;
  }
  const notification = new Notification({ title, body, silent: false });
  if (onClick) notification.on('click', onClick);
  notification.on('failed', (_event, error) =>
    logger.warn({ event: 'notification_failed', error }, 'notification not shown'),
  );
  shown.keep(notification).show();
}

/** A modal error box that returns once the user closed it (before 'ready' on Linux: stderr only). */
export function showBlockingError(title: string, content: string): void {
  dialog.showErrorBox(title, content);
}

export function showErrorToUser(report: FatalReport): void {
  if (!app.isReady()) {
    // Before 'ready' only the synchronous box exists; the app is not doing anything else yet.
    dialog.showErrorBox(report.title, `${report.message}\n\n${report.detail}`);
    return;
  }
  void dialog.showMessageBox({
    type: 'error',
    title: report.title,
    message: report.message,
    detail: report.detail,
  });
}
