// The window's hardening, in one place: what the page may run, load, open and ask for.
import { app, shell, type Session, type WebContents, type WebPreferences } from 'electron';
import type { Logger } from '../../../services/logging/logger.js';
import { CONTENT_SECURITY_POLICY } from './shell-model/content-security-policy.js';

/** The renderer is a web page with one door to main (the preload's API), and nothing else. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/**
 * Session-wide rules: the CSP header on every response, and no permission for anything. The window
 * needs none: the microphone is captured in main, notifications are shown by main, copying goes
 * through main.
 */
export function secureSession(session: Session, logger: Logger): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    }
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
  session.setPermissionRequestHandler((contents, permission, callback) => {
    logger.warn(
      { event: 'permission_denied', permission, url: contents.getURL() },
      'the window asked for a permission',
    );
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
  session.on('will-download', (event, item) => {
    logger.warn({ event: 'download_blocked', url: item.getURL() }, 'the window tried to download a file');
    event.preventDefault();
  });
}

/**
 * Every web contents the app creates: no navigation away from the page, no new windows, no <webview>.
 * https links the page opens go to the user's browser instead.
 */
export function secureAllWebContents(isAppPage: (url: string) => boolean, logger: Logger): void {
  app.on('web-contents-created', (_event, contents) => secureWebContents(contents, isAppPage, logger));
}

function secureWebContents(contents: WebContents, isAppPage: (url: string) => boolean, logger: Logger): void {
  contents.on('will-navigate', (event, url) => {
    // Reloading the app's own page (its "reconnect" button) is the one navigation allowed.
    if (isAppPage(url)) return;
    event.preventDefault();
    logger.warn({ event: 'navigation_blocked', url }, 'the window tried to navigate');
    openInBrowser(url, logger);
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    logger.warn({ event: 'redirect_blocked', url }, 'the window was redirected');
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn({ event: 'webview_blocked' }, 'the window tried to attach a webview');
  });
  contents.setWindowOpenHandler(({ url }) => {
    logger.warn({ event: 'window_open_blocked', url }, 'the window tried to open a window');
    openInBrowser(url, logger);
    return { action: 'deny' };
  });
}

function openInBrowser(url: string, logger: Logger): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  if (parsed.protocol !== 'https:') return;
  shell.openExternal(parsed.toString()).catch((error: unknown) => {
    logger.warn(
      { event: 'open_external_failed', url: parsed.toString(), error: String(error) },
      'could not open the link',
    );
  });
}
