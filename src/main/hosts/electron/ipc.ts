// The preload's one channel into main and the event channel back. Every request is checked for its
// sender (the app's own page, main frame) and validated against src/shared's schema before it runs.
import { ipcMain, type BrowserWindow } from 'electron';
import type { AppBackend } from '../../../shared/app-protocol.js';
import { APP_IPC_CHANNELS } from '../../../shared/app-ipc.js';
import { createIpcInvokeHandler, type TrustedRenderer } from './ipc-validation.js';
import type { Logger } from '../../../services/logging/logger.js';

export function serveWindowApi(
  backend: AppBackend,
  trusted: TrustedRenderer,
  window: () => BrowserWindow | null,
  logger: Logger,
): () => void {
  const handler = createIpcInvokeHandler(backend, trusted, logger);
  ipcMain.handle(APP_IPC_CHANNELS.invoke, (event, payload: unknown) =>
    handler(
      { url: event.senderFrame?.url, isMainFrame: event.senderFrame === event.sender.mainFrame },
      payload,
    ),
  );
  const unsubscribe = backend.subscribe((appEvent) => {
    const target = window();
    if (!target || target.isDestroyed() || target.webContents.isDestroyed()) return;
    target.webContents.send(APP_IPC_CHANNELS.event, appEvent);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(APP_IPC_CHANNELS.invoke);
  };
}
