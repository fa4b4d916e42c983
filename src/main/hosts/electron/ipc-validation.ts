import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  parseAppRequest,
  type AppBackend,
  type AppRequest,
  type AppResponse,
} from '../../../shared/app-protocol.js';
import type { SerializedError } from '../../../shared/errors.js';
import type { Logger } from '../../../services/logging/logger.js';

/**
 * Checks for every IPC message from the window, without Electron so they run in tests. The shell's
 * ipcMain.handle passes `event.senderFrame.url` and whether that frame is the window's main frame.
 */

/** Where the app's own page is allowed to come from. */
export interface TrustedRenderer {
  /** Absolute path of dist/renderer/index.html (loaded with loadFile). */
  indexFile: string;
  /** The dev server's origin ("http://localhost:5173") while developing; null in a packaged app. */
  devOrigin?: string | null;
}

export interface IpcSender {
  url: string | null | undefined;
  isMainFrame: boolean;
}

export type IpcValidation = { ok: true; request: AppRequest } | { ok: false; error: SerializedError };

/** Null when the sender is the app's own page in its main frame; otherwise why it is refused. */
export function senderProblem(sender: IpcSender, trusted: TrustedRenderer): string | null {
  if (!sender.isMainFrame) return 'the message came from a sub-frame';
  if (!sender.url) return 'the sending frame has no URL';
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return `the sending frame's URL is not a URL (${sender.url.slice(0, 200)})`;
  }
  if (url.protocol === 'file:') {
    return sameFile(fileURLToPath(url), trusted.indexFile)
      ? null
      : `the page ${url.pathname} is not the app's window`;
  }
  if (trusted.devOrigin && url.origin === new URL(trusted.devOrigin).origin) return null;
  return `the origin ${url.origin} is not the app's`;
}

export function validateIpcRequest(
  sender: IpcSender,
  payload: unknown,
  trusted: TrustedRenderer,
): IpcValidation {
  const problem = senderProblem(sender, trusted);
  if (problem !== null) {
    return {
      ok: false,
      error: {
        kind: 'forbidden',
        message: `A request to the app was refused: ${problem}.`,
        hint: 'Only the app’s own window may talk to it.',
      },
    };
  }
  return parseAppRequest(payload);
}

/**
 * The whole IPC invoke handler, minus Electron. The shell writes:
 * `ipcMain.handle(APP_IPC_CHANNELS.invoke, (e, p) => handler({ url: e.senderFrame?.url, isMainFrame: e.senderFrame === e.sender.mainFrame }, p))`.
 */
export function createIpcInvokeHandler(
  backend: AppBackend,
  trusted: TrustedRenderer,
  logger: Logger,
): (sender: IpcSender, payload: unknown) => Promise<AppResponse> {
  return async (sender, payload) => {
    const checked = validateIpcRequest(sender, payload, trusted);
    if (!checked.ok) {
      logger.warn({ event: 'ipc_refused', url: sender.url, error: checked.error }, 'IPC request refused');
      return { ok: false, error: checked.error };
    }
    return backend.handle(checked.request);
  };
}

function sameFile(a: string, b: string): boolean {
  const left = path.resolve(a);
  const right = path.resolve(b);
  return process.platform === 'win32' || process.platform === 'darwin'
    ? left.toLowerCase() === right.toLowerCase()
    : left === right;
}
